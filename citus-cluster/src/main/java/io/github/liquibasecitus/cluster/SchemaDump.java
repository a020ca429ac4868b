package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A database's schema without its data, as {@code pg_dump --schema-only} of the PostgreSQL that
 * runs local clusters writes it: to load a copy of a database's tables into a throwaway cluster
 * (citus:advise's check). No owners and no grants, so that it loads as any superuser.
 */
public final class SchemaDump {
  private SchemaDump() {}

  /**
   * Dumps a database's schema into a file. The password reaches pg_dump in its environment, never
   * on its command line.
   *
   * @param host the server's host
   * @param port its port
   * @param sslMode the JDBC URL's {@code sslmode}, or null
   * @param excludeSchemas schemas left out (e.g. the product's own library)
   * @throws IOException when pg_dump is missing or fails; the message says what pg_dump said
   */
  public static void write(
      String host,
      int port,
      String database,
      String user,
      String password,
      String sslMode,
      List<String> excludeSchemas,
      Set<String> historyTables,
      Path file)
      throws IOException {
    PgInstallation pg =
        PgInstallation.locate()
            .orElseThrow(
                () ->
                    new IOException(
                        "no pg_config found (set PG_CONFIG): pg_dump is needed to copy the"
                            + " database's schema"));
    Path pgDump = pg.binary("pg_dump");
    if (!Files.isExecutable(pgDump)) {
      throw new IOException(
          pgDump + " is missing: pg_dump is needed to copy the database's schema");
    }
    List<String> command = new ArrayList<>();
    command.add(pgDump.toString());
    command.add("--schema-only");
    command.add("--no-owner");
    command.add("--no-privileges");
    command.add("--no-publications");
    command.add("--no-subscriptions");
    command.add("--no-tablespaces");
    command.add("--no-security-labels");
    command.add("--encoding=UTF8");
    // pg_dump takes an ACCESS SHARE lock on every table it dumps: wait for none for long.
    command.add("--lock-wait-timeout=30s");
    command.add("--host=" + host);
    command.add("--port=" + port);
    if (user != null) {
      command.add("--username=" + user);
    }
    command.add("--no-password");
    command.add("--file=" + file);
    for (String schema : excludeSchemas) {
      // pg_dump reads -N as a pattern: quote the name so that it matches only itself.
      command.add("--exclude-schema=\"" + schema.replace("\"", "\"\"") + "\"");
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    // Only what is given here decides where pg_dump connects and how.
    env.keySet().removeIf(name -> name.startsWith("PG"));
    // In the environment, the name is a name: as --dbname it could be read as a connection string.
    env.put("PGDATABASE", database);
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    if (sslMode != null) {
      env.put("PGSSLMODE", sslMode);
    }
    Path errors = Files.createTempFile("liquibase-citus-pg_dump-", ".err");
    try {
      builder.redirectErrorStream(false);
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.redirectError(errors.toFile());
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process process = builder.start();
      boolean finished;
      try {
        finished = process.waitFor(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        process.destroyForcibly();
        throw e;
      }
      if (!finished) {
        process.destroyForcibly();
        throw new IOException("pg_dump of " + database + " took more than 10 minutes");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            pgDump
                + " could not dump the schema of "
                + database
                + ": "
                + Files.readString(errors, StandardCharsets.UTF_8).strip());
      }
      leaveOut(file, historyTables);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pg_dump ran", e);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /**
   * Loads a dump into a database: first the roles it names that the cluster lacks (without login),
   * then the dump, as the connection's user.
   */
  public static void load(java.sql.Connection connection, Path file, List<String> roles)
      throws java.sql.SQLException, IOException {
    StringBuilder script = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      // psql's meta-commands of newer pg_dumps are not SQL.
      if (!line.matches("\\\\(un)?restrict \\S+")) {
        script.append(line).append('\n');
      }
    }
    try (java.sql.Statement st = connection.createStatement()) {
      java.util.Set<String> present = new java.util.HashSet<>();
      try (java.sql.ResultSet rs = st.executeQuery("SELECT rolname FROM pg_catalog.pg_roles")) {
        while (rs.next()) {
          present.add(rs.getString(1));
        }
      }
      for (String role : roles) {
        if (!present.contains(role)) {
          st.execute(
              "CREATE ROLE "
                  + io.github.liquibasecitus.sql.SqlText.quoteIdentifier(role)
                  + " NOLOGIN");
        }
      }
      st.execute(script.toString());
    }
  }

  /**
   * Leaves out of the dump what must not run on the cluster it is loaded into, as superuser: event
   * triggers (they would fire on every later DDL), user mappings (their options can hold
   * passwords), and triggers and rules on the migration tools' history tables (the check writes
   * those). pg_dump heads each object with {@code -- Name: ...; Type: ...;}.
   */
  static void leaveOut(Path file, Set<String> historyTables) throws IOException {
    String dump = Files.readString(file, StandardCharsets.UTF_8);
    StringBuilder kept = new StringBuilder(dump.length());
    String[] entries = dump.split("(?m)(?=^--\\n-- Name: )");
    for (String entry : entries) {
      if (!dropped(entry, historyTables)) {
        kept.append(entry);
      }
    }
    Files.writeString(file, kept.toString(), StandardCharsets.UTF_8);
  }

  private static boolean dropped(String entry, Set<String> historyTables) {
    java.util.regex.Matcher head =
        java.util.regex.Pattern.compile(
                "\\A--\\n-- Name: (.*); Type: ([A-Z ]+); Schema: [^\\n]*; Owner: [^\\n]*$",
                java.util.regex.Pattern.MULTILINE)
            .matcher(entry);
    if (!head.find()) {
      return false;
    }
    String name = head.group(1);
    String type = head.group(2);
    if (type.equals("COMMENT")) {
      // A comment on an object left out would fail to load without it.
      if (name.startsWith("EVENT TRIGGER ")) {
        return true;
      }
      if (name.startsWith("TRIGGER ") || name.startsWith("RULE ")) {
        int on = name.lastIndexOf(" ON ");
        return on > 0 && historyTable(name.substring(on + 4), historyTables);
      }
      return false;
    }
    if (type.equals("EVENT TRIGGER") || type.equals("USER MAPPING")) {
      return true;
    }
    if (type.equals("TRIGGER") || type.equals("RULE")) {
      // The name is "table object".
      for (String table : historyTables) {
        if (name.toLowerCase(java.util.Locale.ROOT).startsWith(table + " ")
            || name.toLowerCase(java.util.Locale.ROOT).startsWith("\"" + table + "\" ")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean historyTable(String name, Set<String> historyTables) {
    return historyTables.contains(name.replace("\"", "").toLowerCase(java.util.Locale.ROOT));
  }
}
