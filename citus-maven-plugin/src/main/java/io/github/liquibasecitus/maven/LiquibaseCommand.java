package io.github.liquibasecitus.maven;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.FastCheckService;
import liquibase.command.CommandScope;
import org.apache.maven.plugin.logging.Log;

/** One Liquibase command (update, rollbackCount, status, ...) through Liquibase's command API. */
final class LiquibaseCommand {
  private final String name;
  private final Map<String, Object> arguments = new LinkedHashMap<>();
  private boolean withChangeLog = true;
  private Consumer<String> messages = warning -> {};

  private LiquibaseCommand(String name) {
    this.name = name;
  }

  static LiquibaseCommand named(String name) {
    return new LiquibaseCommand(name);
  }

  LiquibaseCommand arg(String argument, Object value) {
    if (value != null) {
      arguments.put(argument, value);
    }
    return this;
  }

  /**
   * Where the messages Liquibase shows while the command runs also go, among them the notices and
   * warnings the database sends with a statement.
   */
  LiquibaseCommand messages(Consumer<String> consumer) {
    this.messages = consumer;
    return this;
  }

  /** For commands that take no changelog (tag, releaseLocks). */
  LiquibaseCommand withoutChangeLog() {
    this.withChangeLog = false;
    return this;
  }

  /** Runs the command on the connection with the changelog of the settings; returns its output. */
  String run(LiquibaseConnection connection, ChangeLogSettings settings, Log log) throws Exception {
    // Liquibase caches "up to date" per URL and changelog for the JVM; a rollback does not clear
    // it, so rollback and update in one build would skip the update.
    Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ChangeLogParameters parameters = new ChangeLogParameters(connection.database());
    settings.parameters().forEach(parameters::set);
    Map<String, Object> scope = MavenLogService.scope(log, messages);
    scope.put(Scope.Attr.resourceAccessor.name(), settings.resources(getClass().getClassLoader()));
    Scope.child(
        scope,
        () -> {
          CommandScope command =
              new CommandScope(name)
                  .addArgumentValue("database", connection.database())
                  .setOutput(output);
          if (withChangeLog && settings.changeLogFile() != null) {
            command.addArgumentValue("changelogFile", settings.changeLogFile());
            command.addArgumentValue("changelogParameters", parameters);
          }
          if (withChangeLog && settings.contexts() != null) {
            command.addArgumentValue("contextFilter", settings.contexts());
          }
          if (withChangeLog && settings.labels() != null) {
            command.addArgumentValue("labelFilter", settings.labels());
          }
          arguments.forEach(command::addArgumentValue);
          command.execute();
        });
    return output.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
