package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.ConnectionSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Resolves each setting once, in Liquibase's order: the goal's parameter, then the {@code
 * settings.xml} server (credentials only), then the Liquibase-style property file.
 */
final class SettingsResolver {
  private final Properties file;

  /** The credentials of a {@code settings.xml} server, decrypted. */
  record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  /** Finds a {@code settings.xml} server by id: null when there is none. */
  interface Servers {
    Credentials find(String id) throws MojoFailureException;
  }

  SettingsResolver(Properties file) {
    this.file = file;
  }

  /** Reads the property file; no file, no properties. */
  static SettingsResolver withPropertyFile(File propertyFile) throws MojoFailureException {
    Properties file = new Properties();
    if (propertyFile != null) {
      try (InputStream in = Files.newInputStream(propertyFile.toPath())) {
        file.load(in);
      } catch (IOException e) {
        throw new MojoFailureException(
            "Cannot read "
                + PropertyNames.PROPERTY_FILE
                + " "
                + propertyFile
                + ": "
                + e.getMessage()
                + ". Fix the path, or leave the parameter out.",
            e);
      }
    }
    return new SettingsResolver(file);
  }

  /** The parameter when given, else the property file's value. */
  String get(String parameter, String fileKey) {
    return first(parameter, file.getProperty(fileKey));
  }

  /** Where and as whom to connect; a null URL means "find a cluster" ({@link ClusterLocator}). */
  ConnectionSpec connection(
      String url, String username, String password, String server, String role, Servers servers)
      throws MojoFailureException {
    String user = username;
    String pass = password;
    if (server != null) {
      Credentials credentials = servers.find(server);
      if (credentials == null) {
        throw new MojoFailureException(
            PropertyNames.SERVER
                + " '"
                + server
                + "' is not a <server> id in settings.xml: add it there, or use "
                + PropertyNames.USERNAME
                + " and "
                + PropertyNames.PASSWORD
                + ".");
      }
      user = first(user, credentials.username());
      pass = first(pass, credentials.password());
    }
    user = get(user, "username");
    pass = get(pass, "password");
    return new ConnectionSpec(get(url, "url"), user, pass, first(role, file.getProperty("role")));
  }

  /**
   * The changelog settings: what the goal was configured with, the property file filling what it
   * leaves out; the POM's changelog parameters win over the file's.
   */
  ChangeLogSettings changeLog(ChangeLogSettings configured) {
    Map<String, String> changeLogParameters = configured.parameters();
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith("parameter.")) {
        parameters.put(key.substring("parameter.".length()), file.getProperty(key));
      }
    }
    if (changeLogParameters != null) {
      // A parameter whose value is an undefined Maven property arrives as null: leave it out.
      changeLogParameters.forEach(
          (name, value) -> {
            if (value != null) {
              parameters.put(name, value);
            }
          });
    }
    return new ChangeLogSettings(
        get(configured.changeLogFile(), "changeLogFile"),
        get(configured.contexts(), "contexts"),
        get(configured.labels(), "labels"),
        get(configured.defaultSchemaName(), "defaultSchemaName"),
        get(configured.liquibaseSchemaName(), "liquibaseSchemaName"),
        get(configured.changeLogTable(), "databaseChangeLogTableName"),
        get(configured.lockTable(), "databaseChangeLogLockTableName"),
        Map.copyOf(parameters),
        configured.baseDirectory(),
        configured.searchPath());
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : (b != null && !b.isBlank() ? b : null);
  }
}
