package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.ConnectionSpec;
import java.io.File;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** A goal that talks to the coordinator: where it is and as whom, as Liquibase users know it. */
public abstract class AbstractConnectedMojo extends AbstractCitusMojo {

  /** JDBC URL of the Citus coordinator. Without it, a dev or embedded cluster is used. */
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

  /**
   * A Liquibase-style properties file (url, username, password, changeLogFile, contexts, labels,
   * defaultSchemaName, liquibaseSchemaName, parameter.NAME): used where a parameter is not set.
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
    return resolver()
        .connection(
            url, username, password, server, role, new SettingsServers(settings, decrypter));
  }

  /** Finds the configured cluster, or the dev or embedded one; says which in one line. */
  ClusterLocator.Located locate() throws MojoFailureException {
    return ClusterLocator.locate(
        connectionSpec(), buildDirectory.toPath(), buildStore(), getLog(), goal());
  }
}
