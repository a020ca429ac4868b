package io.github.liquibasecitus.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The parameters every goal shares, as a Liquibase user knows them, and the skip flags. A goal
 * reads its own parameters and does its work in {@link #run}; the rest lives in collaborators.
 */
public abstract class AbstractCitusMojo extends AbstractMojo {

  /** JDBC URL of the Citus coordinator. Without it, an embedded throwaway cluster is used. */
  @Parameter(property = PropertyNames.URL)
  String url;

  /** Database user. */
  @Parameter(property = PropertyNames.USERNAME)
  String username;

  /** Database password; prefer {@code server} with an encrypted password in settings.xml. */
  @Parameter(property = PropertyNames.PASSWORD)
  String password;

  /** Id of a {@code <server>} in settings.xml whose username and password to use. */
  @Parameter(property = PropertyNames.SERVER)
  String server;

  /** A role to SET ROLE to after connecting: a service's changelog runs as the service's role. */
  @Parameter(property = PropertyNames.ROLE)
  String role;

  /** The changelog, relative to the project directory or on the classpath. */
  @Parameter(property = PropertyNames.CHANGE_LOG_FILE)
  String changeLogFile;

  /** Liquibase context filter. */
  @Parameter(property = PropertyNames.CONTEXTS)
  String contexts;

  /** Liquibase label filter. */
  @Parameter(property = PropertyNames.LABELS)
  String labels;

  /** Default schema of the changelog's unqualified objects. */
  @Parameter(property = PropertyNames.DEFAULT_SCHEMA_NAME)
  String defaultSchemaName;

  /** Schema of the DATABASECHANGELOG tables (a service's own distributed schema, for instance). */
  @Parameter(property = PropertyNames.LIQUIBASE_SCHEMA_NAME)
  String liquibaseSchemaName;

  /** Name of the DATABASECHANGELOG table. */
  @Parameter(property = PropertyNames.DATABASE_CHANGE_LOG_TABLE_NAME)
  String databaseChangeLogTableName;

  /** Name of the DATABASECHANGELOGLOCK table. */
  @Parameter(property = PropertyNames.DATABASE_CHANGE_LOG_LOCK_TABLE_NAME)
  String databaseChangeLogLockTableName;

  /** Changelog parameters, as {@code <name>value</name>}. */
  @Parameter Map<String, String> changeLogParameters;

  /**
   * A Liquibase-style properties file (url, username, password, changeLogFile, contexts, labels,
   * defaultSchemaName, liquibaseSchemaName, parameter.NAME): used where a parameter is not set.
   */
  @Parameter(property = PropertyNames.PROPERTY_FILE)
  File propertyFile;

  /** Skips every citus goal. Each goal also has its own: {@code citus.<goal>.skip}. */
  @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  File basedir;

  @Parameter(defaultValue = "${project.build.directory}", readonly = true)
  File buildDirectory;

  @Parameter(defaultValue = "${settings}", readonly = true)
  Settings settings;

  @Parameter(defaultValue = "${session}", readonly = true)
  MavenSession session;

  @Component SettingsDecrypter decrypter;

  /** Opens the connection the settings name; an embedded cluster is shared by the build's goals. */
  protected CitusConnection connect(CitusSettings settings) throws MojoFailureException {
    CitusConnection.SessionStore store = null;
    if (session != null && session.getRepositorySession() != null) {
      org.eclipse.aether.SessionData data = session.getRepositorySession().getData();
      store =
          (key, supplier) -> {
            synchronized (data) {
              Object value = data.get(key);
              if (value == null) {
                value = supplier.get();
                data.set(key, value);
              }
              return value;
            }
          };
    }
    return CitusConnection.open(settings, getLog(), store);
  }

  /** The goal's name, for skip flags and messages. */
  protected abstract String goal();

  /** Whether the goal needs a changelog. */
  protected boolean needsChangeLog() {
    return true;
  }

  /** The goal's work. */
  protected abstract void run(CitusSettings settings) throws Exception;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip || Boolean.parseBoolean(property(PropertyNames.skip(goal())))) {
      getLog()
          .info(
              "Skipping citus:"
                  + goal()
                  + " ("
                  + (skip ? PropertyNames.SKIP : PropertyNames.skip(goal()))
                  + ")");
      return;
    }
    CitusSettings settings = settings();
    try {
      run(settings);
    } catch (MojoFailureException | MojoExecutionException e) {
      throw e;
    } catch (Exception e) {
      Exception translated = Failures.running(goal(), e);
      if (translated instanceof MojoFailureException failure) {
        throw failure;
      }
      throw (MojoExecutionException) translated;
    }
  }

  private String property(String name) {
    if (session == null) {
      return null;
    }
    String value = session.getUserProperties().getProperty(name);
    if (value == null && session.getCurrentProject() != null) {
      value = session.getCurrentProject().getProperties().getProperty(name);
    }
    return value == null ? session.getSystemProperties().getProperty(name) : value;
  }

  /** Reads and checks every setting once: parameters first, then settings.xml, then the file. */
  CitusSettings settings() throws MojoFailureException {
    Properties file = new Properties();
    if (propertyFile != null) {
      try (InputStream in = Files.newInputStream(propertyFile.toPath())) {
        file.load(in);
      } catch (IOException e) {
        throw new MojoFailureException(
            "Cannot read citus.propertyFile " + propertyFile + ": " + e.getMessage(), e);
      }
    }
    String user = first(username, file.getProperty("username"));
    String pass = first(password, file.getProperty("password"));
    if (server != null) {
      Server entry = settings == null ? null : settings.getServer(server);
      if (entry == null) {
        throw new MojoFailureException(
            "citus.server '"
                + server
                + "' is not a <server> id in settings.xml: add it there, or use citus.username and citus.password.");
      }
      if (decrypter != null) {
        SettingsDecryptionResult result =
            decrypter.decrypt(new DefaultSettingsDecryptionRequest(entry));
        entry = result.getServer();
      }
      user = first(user, entry.getUsername());
      pass = first(pass, entry.getPassword());
    }
    String changeLog = first(changeLogFile, file.getProperty("changeLogFile"));
    if (needsChangeLog() && changeLog == null) {
      throw new MojoFailureException(
          "citus:"
              + goal()
              + " needs a changelog: set <changeLogFile> in the plugin's configuration or -D"
              + PropertyNames.CHANGE_LOG_FILE
              + "=path/to/changelog.xml");
    }
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
    return new CitusSettings(
        first(url, file.getProperty("url")),
        user,
        pass,
        role,
        changeLog,
        first(contexts, file.getProperty("contexts")),
        first(labels, file.getProperty("labels")),
        first(defaultSchemaName, file.getProperty("defaultSchemaName")),
        first(liquibaseSchemaName, file.getProperty("liquibaseSchemaName")),
        first(databaseChangeLogTableName, file.getProperty("databaseChangeLogTableName")),
        first(databaseChangeLogLockTableName, file.getProperty("databaseChangeLogLockTableName")),
        Map.copyOf(parameters),
        basedir.toPath(),
        buildDirectory.toPath());
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : (b != null && !b.isBlank() ? b : null);
  }
}
