package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.ConnectionSpec;
import java.io.File;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * A goal that talks to the coordinator: where it is and as whom, as Liquibase users know it.
 * Configured in the POM (plugin level or per {@code <execution>}), with {@code -D} properties, a
 * settings.xml server or a Liquibase-style property file. Without a URL, a dev or throwaway cluster
 * is used, unless some other connection setting is given: then the goal refuses to guess.
 */
public abstract class AbstractConnectedMojo extends AbstractCitusMojo {

  protected AbstractConnectedMojo(String goal) {
    super(goal);
  }

  /**
   * The coordinator's JDBC URL, {@code jdbc:postgresql://host:5432/database}. Without it, the dev
   * cluster of citus:start, else a throwaway cluster of the build's own. {@code mvn -X} prints it
   * as {@code ***}.
   */
  @Parameter(property = PropertyNames.URL)
  Secret url;

  /** Database user. */
  @Parameter(property = PropertyNames.USERNAME)
  String username;

  /**
   * The user's password; prefer {@code server} with an encrypted password in settings.xml. {@code
   * mvn -X} prints it as {@code ***}.
   */
  @Parameter(property = PropertyNames.PASSWORD)
  Secret password;

  /** Id of a {@code <server>} in settings.xml whose username and password to use. */
  @Parameter(property = PropertyNames.SERVER)
  String server;

  /** A role to SET ROLE to after connecting: a service's changelog runs as the service's role. */
  @Parameter(property = PropertyNames.ROLE)
  String role;

  /**
   * A Liquibase-style properties file (url, username, password, role, changeLogFile, contexts,
   * labels, defaultSchemaName, liquibaseSchemaName, databaseChangeLogTableName,
   * databaseChangeLogLockTableName, parameter.NAME): used where a parameter is not set.
   */
  @Parameter(property = PropertyNames.PROPERTY_FILE)
  File propertyFile;

  @Parameter(defaultValue = "${settings}", readonly = true)
  Settings settings;

  @Component SettingsDecrypter decrypter;

  private SettingsResolver resolver;

  /** The property file, read once per goal. */
  SettingsResolver resolver() throws MojoFailureException {
    if (resolver == null) {
      resolver = SettingsResolver.withPropertyFile(propertyFile);
    }
    return resolver;
  }

  /** The configured connection; its URL is null when none is configured. */
  ConnectionSpec connectionSpec() throws MojoFailureException {
    ConnectionSpec spec =
        resolver()
            .connection(
                Secret.valueOf(url),
                username,
                Secret.valueOf(password),
                server,
                role,
                new SettingsServers(settings, decrypter));
    getLog().secret(spec.password());
    return spec;
  }

  /**
   * The configured connection, which must have a URL when any other setting of where or as whom to
   * connect is given: a username, password, server or property file without a URL is a mistake (a
   * URL that did not reach the goal), never a reason to use a cluster of the build's own.
   */
  ConnectionSpec connectionSpecOrLocal() throws MojoFailureException {
    ConnectionSpec spec = connectionSpec();
    if (spec.url() == null) {
      List<String> given = new ArrayList<>();
      if (username != null && !username.isBlank()) {
        given.add(PropertyNames.USERNAME);
      }
      if (Secret.valueOf(password) != null) {
        given.add(PropertyNames.PASSWORD);
      }
      if (server != null && !server.isBlank()) {
        given.add(PropertyNames.SERVER);
      }
      if (propertyFile != null) {
        given.add(PropertyNames.PROPERTY_FILE + " (" + propertyFile + ", which has no url)");
      }
      if (!given.isEmpty()) {
        throw new MojoFailureException(
            label()
                + " has "
                + String.join(", ", given)
                + " but no URL of the cluster: set <url> in the plugin's configuration (or its"
                + " <execution>), -D"
                + PropertyNames.URL
                + "=jdbc:postgresql://host:5432/database, or url= in the property file. Without"
                + " any connection setting, the goals use the dev cluster of "
                + label(StartMojo.GOAL)
                + " or a"
                + " throwaway one.");
      }
    }
    return spec;
  }

  /** Finds the configured cluster, or the dev or throwaway one; says which in one line. */
  ClusterLocator.Located locate() throws MojoFailureException {
    ClusterLocator.Located located =
        ClusterLocator.locate(
            connectionSpecOrLocal(), buildDirectory.toPath(), buildStore(), getLog(), goal());
    getLog().secret(located.spec().password());
    return located;
  }

  /** A plain JDBC connection to the located cluster; a failure to connect says why. */
  Connection connect(ClusterLocator.Located cluster) throws MojoFailureException {
    try {
      return cluster.spec().open();
    } catch (Exception e) {
      throw Failures.connecting(cluster.name(), cluster.spec().username(), e);
    }
  }
}
