package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.ConnectionSpec;
import java.io.File;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * A goal that talks to the coordinator: where it is and as whom, as Liquibase users know it.
 *
 * <p>Besides the parameters below, {@code <url>} ({@code citus.url}: the coordinator's JDBC URL;
 * without it, a dev or embedded cluster is used) and {@code <password>} ({@code citus.password};
 * prefer {@code server} with an encrypted password in settings.xml). They are not injected as
 * parameters, so that {@code mvn -X} never prints them: see {@link #secretSetting}.
 */
public abstract class AbstractConnectedMojo extends AbstractCitusMojo {

  /** Database user. */
  @Parameter(property = PropertyNames.USERNAME)
  String username;

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

  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  MojoExecution mojoExecution;

  @Component SettingsDecrypter decrypter;

  private SettingsResolver resolver;

  /**
   * The coordinator's JDBC URL ({@code <url>} or {@code citus.url}) and the password ({@code
   * <password>} or {@code citus.password}) are read here rather than injected as parameters:
   * Maven's debug output ({@code mvn -X}) prints every injected parameter's value, and either may
   * hold a password. A {@code <url>} or {@code <password>} of the plugin's configuration (its
   * {@code ${...}} expressions evaluated) comes first, then the user and project property.
   */
  String secretSetting(String element, String property) throws MojoFailureException {
    Xpp3Dom config = mojoExecution == null ? null : mojoExecution.getConfiguration();
    Xpp3Dom child = config == null ? null : config.getChild(element);
    if (child != null && child.getValue() != null && session != null) {
      try {
        Object value =
            new PluginParameterExpressionEvaluator(session, mojoExecution)
                .evaluate(child.getValue());
        if (value != null && !value.toString().isBlank()) {
          return value.toString();
        }
      } catch (ExpressionEvaluationException e) {
        throw new MojoFailureException(
            "Cannot read <" + element + "> of the plugin's configuration: " + e.getMessage(), e);
      }
    }
    return property(property);
  }

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
                secretSetting("url", PropertyNames.URL),
                username,
                secretSetting("password", PropertyNames.PASSWORD),
                server,
                role,
                new SettingsServers(settings, decrypter));
    getLog().secret(spec.password());
    return spec;
  }

  /** Finds the configured cluster, or the dev or embedded one; says which in one line. */
  ClusterLocator.Located locate() throws MojoFailureException {
    ClusterLocator.Located located =
        ClusterLocator.locate(
            connectionSpec(), buildDirectory.toPath(), buildStore(), getLog(), goal());
    getLog().secret(located.spec().password());
    return located;
  }
}
