package io.github.liquibasecitus.it;

import io.github.liquibasecitus.cluster.DatabaseServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.FastCheckService;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * Runs Liquibase commands the way any runner does, through Liquibase's command API, on a changelog
 * file under a directory (the repository's examples/, or test resources).
 */
public final class LiquibaseRun {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private final DatabaseServer server;
  private final Path root;
  private final String changelog;
  private final Map<String, String> parameters = new LinkedHashMap<>();
  private String user;
  private String password;
  private String schema;
  private String changelogTable = "dbcl_" + java.util.UUID.randomUUID().toString().substring(0, 8);

  private LiquibaseRun(DatabaseServer server, Path root, String changelog) {
    this.server = server;
    this.root = root;
    this.changelog = changelog;
    this.user = server.username();
    this.password = server.password();
  }

  /** A changelog under the repository (e.g. examples/multi-tenant/db/tenants.xml). */
  static LiquibaseRun of(DatabaseServer server, String changelogInRepo) {
    Path file = REPO.resolve(changelogInRepo);
    return new LiquibaseRun(server, file.getParent(), file.getFileName().toString());
  }

  /** A changelog file anywhere (a benchmark's generated one, say). */
  public static LiquibaseRun at(DatabaseServer server, Path changelogFile) {
    return new LiquibaseRun(
        server, changelogFile.getParent(), changelogFile.getFileName().toString());
  }

  LiquibaseRun as(String user, String password) {
    this.user = user;
    this.password = password;
    return this;
  }

  /** Default and Liquibase schema: where the changelog's tables and DATABASECHANGELOG go. */
  LiquibaseRun schema(String schema) {
    this.schema = schema;
    return this;
  }

  LiquibaseRun param(String name, String value) {
    parameters.put(name, value);
    return this;
  }

  /** Uses this DATABASECHANGELOG table (when no schema is given). */
  LiquibaseRun changelogTable(String table) {
    this.changelogTable = table;
    return this;
  }

  /** The DATABASECHANGELOG table of this run (when no schema was given). */
  String changelogTable() {
    return changelogTable;
  }

  public void update() throws Exception {
    run("update", Map.of());
  }

  /** An update with a listener of Liquibase's (a benchmark's trace, say). */
  public void update(liquibase.changelog.visitor.ChangeExecListener listener) throws Exception {
    run("update", Map.of("changeExecListener", listener));
  }

  void rollbackCount(int count) throws Exception {
    run("rollbackCount", Map.of("count", count));
  }

  String updateSql() throws Exception {
    return run("updateSql", Map.of());
  }

  String status() throws Exception {
    return run("status", Map.of("verbose", true));
  }

  private String run(String command, Map<String, Object> arguments) throws Exception {
    // Liquibase caches "up to date" per URL and changelog for the JVM, and a rollback does not
    // clear it: without this, update, rollback, update in one JVM skips the second update.
    Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
    try (Connection connection = server.connect(user, password)) {
      Database database =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new JdbcConnection(connection));
      if (schema != null) {
        database.setDefaultSchemaName(schema);
        database.setLiquibaseSchemaName(schema);
      } else {
        // A history table of this run's own, so that tests sharing a changelog file stay apart.
        database.setDatabaseChangeLogTableName(changelogTable);
        database.setDatabaseChangeLogLockTableName(changelogTable + "_lock");
      }
      ChangeLogParameters params = new ChangeLogParameters(database);
      parameters.forEach(params::set);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Scope.child(
          Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(root)),
          () -> {
            CommandScope scope =
                new CommandScope(command)
                    .addArgumentValue("database", database)
                    .addArgumentValue("changelogFile", changelog)
                    .addArgumentValue("changelogParameters", params)
                    .setOutput(out);
            arguments.forEach(scope::addArgumentValue);
            scope.execute();
          });
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
