package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import io.github.liquibasecitus.operations.ConnectionSpec;
import io.github.liquibasecitus.operations.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * citus:advise on databases of an existing app's shape, run as users run it: {@code mvn} in the
 * example project, reading the app's database as a role that may only read, then the generated
 * changelog carried out by citus:update on that database, and everything run a second time.
 */
@CitusTest
class AdviseIT {

  /** A database of the cluster with the app's schema loaded, and a role that may only read it. */
  private record App(ConnectionSpec main, ScratchDatabase database, String reader, String password)
      implements AutoCloseable {
    static App load(CitusCluster cluster, String sql) throws Exception {
      ConnectionSpec main =
          new ConnectionSpec(cluster.jdbcUrl(), cluster.username(), cluster.password(), null);
      ScratchDatabase database = ScratchDatabase.create(main, "advise_app");
      String reader = TestNames.unique("reader");
      String password = "pw-" + java.util.UUID.randomUUID();
      try (Connection c = database.spec().open();
          Statement st = c.createStatement()) {
        st.execute(sql);
        st.execute("CREATE ROLE " + reader + " LOGIN PASSWORD '" + password + "'");
        st.execute("GRANT pg_read_all_data TO " + reader);
      }
      return new App(main, database, reader, password);
    }

    List<String> asReader() {
      return List.of(
          "-Dcitus.url=" + database.spec().url(),
          "-Dcitus.username=" + reader,
          "-Dcitus.password=" + password);
    }

    List<String> asOwner() {
      return List.of(
          "-Dcitus.url=" + database.spec().url(),
          "-Dcitus.username=" + database.spec().username(),
          "-Dcitus.password=" + database.spec().password());
    }

    List<List<Object>> rows(String sql) throws Exception {
      try (Connection c = database.spec().open();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.add(rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    }

    /** Distributed schemas with the number of nodes their tables are on. */
    List<List<Object>> distributedSchemas() throws Exception {
      return rows(
          "SELECT n.nspname::text, count(DISTINCT pl.groupid)::int FROM pg_dist_schema s"
              + " JOIN pg_namespace n ON n.oid = s.schemaid"
              + " JOIN pg_class c ON c.relnamespace = n.oid"
              + " JOIN pg_dist_partition p ON p.logicalrelid = c.oid"
              + " JOIN pg_dist_shard sh ON sh.logicalrelid = p.logicalrelid"
              + " JOIN pg_dist_placement pl ON pl.shardid = sh.shardid GROUP BY 1 ORDER BY 1");
    }

    List<List<Object>> referenceTables() throws Exception {
      return rows(
          "SELECT logicalrelid::regclass::text FROM pg_dist_partition WHERE repmodel = 't'"
              + " AND logicalrelid::regclass::text NOT LIKE 'citus_ext.%' ORDER BY 1");
    }

    @Override
    public void close() throws Exception {
      database.close();
      try (Connection c = main.open();
          Statement st = c.createStatement()) {
        st.execute("DROP ROLE IF EXISTS " + reader);
      } catch (Exception ignored) {
        // The role is named for this run; a leftover harms no other test.
      }
    }
  }

  private static MavenBuild.Result mvn(MavenBuild build, List<String> connection, String... args)
      throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(connection);
    return build.run(all.toArray(String[]::new));
  }

  @Test
  void theSampleAppIsPlannedCheckedCarriedOutAndAdvisedAgain(
      CitusCluster cluster, @TempDir Path temp) throws Exception {
    String sql = Files.readString(LiquibaseRun.REPO.resolve("examples/existing-app/db/app.sql"));
    try (App app = App.load(cluster, sql)) {
      MavenBuild build = example(temp);
      Path work = temp.resolve("app");

      // Read as a role that may only read; checked on a throwaway cluster.
      MavenBuild.Result advised = mvn(build, app.asReader(), "citus:advise");
      String out = advised.output();
      assertTrue(advised.succeeded(), out);
      assertTrue(out.contains("3 reference table(s), 1 schema(s) to distribute, 2 blocked"), out);
      assertTrue(
          out.contains(
              "foreign key reports_ping_id_fkey from public.reports to ping_service.pings"),
          out);
      assertTrue(
          out.contains(
              "Citus says: cannot create foreign keys to tables in a distributed schema from"
                  + " another schema"),
          out);
      assertTrue(
          out.contains("Citus says: cannot distribute relation \"prices\" because it has triggers"),
          out);
      assertTrue(out.contains("loaded the database's schema into throwaway cluster"), out);
      assertEquals(
          2,
          count(out, "EXECUTED target/citus-advise/changelog.xml::distribute-user_service"),
          out);
      assertTrue(
          Pattern.compile("user_service\\s+2\\s+127\\.0\\.0\\.1:\\d+").matcher(out).find(), out);
      assertTrue(out.contains("citus:advise: 46 rules, 0 errors, 0 warnings"), out);
      for (String file : List.of("changelog.xml", "plan.txt", "plan.json", "schema.sql")) {
        assertTrue(Files.isRegularFile(work.resolve("target/citus-advise/" + file)), file);
      }
      assertFalse(out.contains(app.password()), "the password stays out of the log");
      // Reading changed nothing.
      assertEquals(List.of(), app.distributedSchemas());
      assertEquals(List.of(), app.referenceTables());

      // The example's own check of the generated changelog, offline.
      MavenBuild.Result checked = build.run("citus:check", "-Dcitus.check.failOn=warning");
      assertTrue(checked.succeeded(), checked.output());

      // Carried out on the app's database, as the POM's changelog; then once more (a redeploy).
      MavenBuild.Result updated = mvn(build, app.asOwner(), "citus:update");
      assertTrue(updated.succeeded(), updated.output());
      assertEquals(List.of(List.of("user_service", 1)), app.distributedSchemas());
      assertEquals(
          List.of(
              List.of("lookup.countries"), List.of("lookup.currencies"), List.of("lookup.regions")),
          app.referenceTables());
      MavenBuild.Result again = mvn(build, app.asOwner(), "citus:update");
      assertTrue(again.succeeded(), again.output());
      assertTrue(again.output().contains("0 changeset(s)"), again.output());

      // Advised again on the distributed database: nothing left to do, the blockers still named.
      MavenBuild.Result second = mvn(build, app.asReader(), "citus:advise");
      String out2 = second.output();
      assertTrue(second.succeeded(), out2);
      assertTrue(out2.contains("0 reference table(s), 0 schema(s) to distribute, 2 blocked"), out2);
      assertTrue(Pattern.compile("lookup\\s+reference tables\\s+3\\s").matcher(out2).find(), out2);
      assertTrue(Pattern.compile("user_service\\s+already distributed").matcher(out2).find(), out2);
      assertTrue(out2.contains("citus:advise: the plan distributes no schema"), out2);

      // The team lifts a blocker in its own migration, and advises once more: the check's cluster
      // gets the reference tables and distributed schema Citus already holds, then the new step.
      try (Connection c = app.database().spec().open();
          Statement st = c.createStatement()) {
        st.execute("DROP TRIGGER prices_touch ON time_service.prices");
      }
      MavenBuild.Result third = mvn(build, app.asReader(), "citus:advise");
      String out3 = third.output();
      assertTrue(third.succeeded(), out3);
      assertTrue(out3.contains("0 reference table(s), 1 schema(s) to distribute, 1 blocked"), out3);
      assertTrue(
          out3.contains(
              "made again what Citus had made of it: 3 reference table(s), 1 distributed"
                  + " schema(s)"),
          out3);
      assertTrue(out3.contains("citus:advise: 46 rules, 0 errors, 0 warnings"), out3);
      MavenBuild.Result carried = mvn(build, app.asOwner(), "citus:update");
      assertTrue(carried.succeeded(), carried.output());
      assertEquals(
          List.of(List.of("time_service", 1), List.of("user_service", 1)),
          app.distributedSchemas());
    }
  }

  /**
   * A real app's shape: a file store whose tables point at an auth service's users. By default both
   * schemas are blocked by those foreign keys; with the users table named as a reference table, the
   * file store becomes a distributed schema on one node, in Flyway SQL and in YAML.
   */
  @Test
  void aRealAppsAuthAndStorageSchemas(CitusCluster cluster, @TempDir Path temp) throws Exception {
    String sql = Files.readString(MavenBuild.testProject("advise/auth-storage.sql"));
    try (App app = App.load(cluster, sql)) {
      MavenBuild build = example(temp);
      MavenBuild.Result blocked =
          mvn(build, app.asReader(), "citus:advise", "-Dcitus.advise.changelogFormat=flyway");
      String out = blocked.output();
      assertTrue(blocked.succeeded(), out);
      assertTrue(out.contains("0 reference table(s), 1 schema(s) to distribute, 2 blocked"), out);
      assertTrue(
          Pattern.compile(
                  "choice: make auth\\.users a reference table \\(0 rows, \\d+ kB, copied to"
                      + " every node\\): add it to referenceTables; auth then stays regular")
              .matcher(out)
              .find(),
          out);

      MavenBuild.Result flyway =
          mvn(
              build,
              app.asReader(),
              "citus:advise",
              "-Dcitus.advise.changelogFormat=flyway",
              "-Dcitus.advise.referenceTables=auth.users");
      out = flyway.output();
      assertTrue(flyway.succeeded(), out);
      assertTrue(out.contains("1 reference table(s), 2 schema(s) to distribute, 0 blocked"), out);
      assertTrue(out.contains("Flyway citus-advise: 3 migration(s) applied"), out);
      assertTrue(out.contains("Flyway citus-advise: 0 migration(s) applied"), out);
      assertTrue(Pattern.compile("storage\\s+3\\s+127\\.0\\.0\\.1:\\d+").matcher(out).find(), out);
      assertTrue(
          Files.isRegularFile(
              temp.resolve(
                  "app/target/citus-advise/db/migration/V1000_3__citus_distribute_storage.sql")));
      assertTrue(Pattern.compile("Billing\\s+2\\s+127\\.0\\.0\\.1:\\d+").matcher(out).find(), out);

      // The same decision kept in the POM, in an execution of its own, as a team would.
      Path pom = temp.resolve("app/pom.xml");
      Files.writeString(
          pom,
          Files.readString(pom)
              .replace(
                  "<version>${liquibase-citus.version}</version>",
                  "<version>${liquibase-citus.version}</version><executions><execution>"
                      + "<id>storage</id><configuration><changelogFormat>yaml</changelogFormat>"
                      + "<referenceTables><referenceTable>auth.users</referenceTable>"
                      + "</referenceTables></configuration></execution></executions>"));
      MavenBuild.Result yaml = mvn(build, app.asReader(), "citus:advise@storage");
      assertTrue(yaml.succeeded(), yaml.output());
      assertTrue(
          yaml.output().contains("EXECUTED target/citus-advise/changelog.yaml::distribute-storage"),
          yaml.output());
      MavenBuild.Result updated =
          mvn(
              build,
              app.asOwner(),
              "citus:update",
              "-Dcitus.changeLogFile=target/citus-advise/changelog.yaml");
      assertTrue(updated.succeeded(), updated.output());
      // Both schemas, the one named in capitals too, each on one node.
      assertEquals(List.of(List.of("Billing", 1), List.of("storage", 1)), app.distributedSchemas());
      assertEquals(List.of(List.of("auth.users")), app.referenceTables());
    }
  }

  /** A starter app's shape: triggers keep its public schema, and keys its private one, regular. */
  @Test
  void aRealAppsTriggersAndPrivateSchemaAreNamedAsBlockers(CitusCluster cluster, @TempDir Path temp)
      throws Exception {
    String sql = Files.readString(MavenBuild.testProject("advise/public-private.sql"));
    try (App app = App.load(cluster, sql)) {
      MavenBuild build = example(temp);
      MavenBuild.Result advised = mvn(build, app.asReader(), "citus:advise");
      String out = advised.output();
      assertTrue(advised.succeeded(), out);
      assertTrue(out.contains("0 reference table(s), 0 schema(s) to distribute, 2 blocked"), out);
      assertTrue(out.contains("- trigger _100_timestamps on app_public.user_emails"), out);
      assertTrue(
          out.contains(
              "- foreign key sessions_user_id_fkey from app_private.sessions to app_public.users"),
          out);
      assertTrue(
          out.contains(
              "choice: app_public.users cannot become a reference table: has trigger(s)"
                  + " _100_timestamps"),
          out);
      assertTrue(Pattern.compile("app_hidden\\s+stays\\s+0").matcher(out).find(), out);
      assertTrue(out.contains("citus:advise: the plan distributes no schema"), out);
    }
  }

  /** Mistyped options are refused, naming the option and what it takes, before anything runs. */
  @Test
  void mistypedOptionsAreRefusedBeforeAnythingRuns(CitusCluster cluster, @TempDir Path temp)
      throws Exception {
    String sql = Files.readString(LiquibaseRun.REPO.resolve("examples/existing-app/db/app.sql"));
    try (App app = App.load(cluster, sql)) {
      MavenBuild build = example(temp);
      MavenBuild.Result format =
          mvn(build, app.asReader(), "citus:advise", "-Dcitus.advise.changelogFormat=json");
      assertFalse(format.succeeded(), format.output());
      assertTrue(
          format
              .output()
              .contains(
                  "citus:advise: citus.advise.changelogFormat is 'json': give xml, yaml or flyway"
                      + " (nothing ran)"),
          format.output());
      MavenBuild.Result apply =
          mvn(build, app.asReader(), "citus:advise", "-Dcitus.advise.apply=yes");
      assertFalse(apply.succeeded(), apply.output());
      assertTrue(apply.output().contains("citus.advise.apply"), apply.output());
      MavenBuild.Result table =
          mvn(build, app.asReader(), "citus:advise", "-Dcitus.advise.referenceTables=lookup.nope");
      assertFalse(table.succeeded(), table.output());
      assertTrue(
          table
              .output()
              .contains("citus.advise.referenceTables names lookup.nope, which is no table of"),
          table.output());
      MavenBuild.Result triggered =
          mvn(
              build,
              app.asReader(),
              "citus:advise",
              "-Dcitus.advise.referenceTables=time_service.prices");
      assertFalse(triggered.succeeded(), triggered.output());
      assertTrue(
          triggered
              .output()
              .contains(
                  "citus.advise.referenceTables names time_service.prices, which cannot be a"
                      + " reference table: has trigger(s) prices_touch. Leave it out"),
          triggered.output());
      MavenBuild.Result excluded =
          mvn(build, app.asReader(), "citus:advise", "-Dcitus.advise.excludeSchemas=user_servce");
      assertFalse(excluded.succeeded(), excluded.output());
      assertTrue(
          excluded
              .output()
              .contains("citus.advise.excludeSchemas names user_servce, which is no schema of the"),
          excluded.output());
      MavenBuild.Result noUrl = build.run("citus:advise");
      assertFalse(noUrl.succeeded(), noUrl.output());
      assertTrue(
          noUrl.output().contains("citus:advise: reads the database to advise on: give its URL"),
          noUrl.output());
      assertFalse(Files.exists(temp.resolve("app/target/citus-advise")), "nothing was written");
    }
  }

  /**
   * Without a URL, advise applies the project's own changelog, or its Flyway migrations, to a
   * throwaway cluster and advises on the database they make.
   */
  @Test
  void withoutAUrlItAdvisesOnWhatTheProjectsMigrationsMake(@TempDir Path temp) throws Exception {
    Path liquibase = MavenBuild.readableByAll(temp, "liquibase");
    MavenBuild changelog = MavenBuild.of(MavenBuild.testProject("advise-changelog"), liquibase);
    Files.copy(
        LiquibaseRun.REPO.resolve("examples/existing-app/db/app.sql"),
        liquibase.resolve("db/app.sql"));
    MavenBuild.Result advised = changelog.run("citus:advise");
    String out = advised.output();
    assertTrue(advised.succeeded(), out);
    assertTrue(
        out.contains(
            "citus:advise: no citus.url given: advising on the database that db/changelog.xml makes"
                + " on a throwaway cluster"),
        out);
    assertTrue(out.contains("3 reference table(s), 1 schema(s) to distribute, 2 blocked"), out);
    assertTrue(out.contains("citus:advise: 46 rules, 0 errors, 0 warnings"), out);

    Path flyway = MavenBuild.readableByAll(temp, "flyway");
    MavenBuild migrations = MavenBuild.of(MavenBuild.testProject("advise-flyway"), flyway);
    Files.createDirectories(flyway.resolve("src/main/resources/db/migration"));
    Files.copy(
        MavenBuild.testProject("advise/auth-storage.sql"),
        flyway.resolve("src/main/resources/db/migration/V1__auth_and_storage.sql"));
    MavenBuild.Result fromFlyway =
        migrations.run("citus:advise", "-Dcitus.advise.referenceTables=auth.users");
    out = fromFlyway.output();
    assertTrue(fromFlyway.succeeded(), out);
    assertTrue(out.contains("the project's Flyway migrations make on a throwaway cluster"), out);
    assertTrue(out.contains("1 reference table(s), 2 schema(s) to distribute, 0 blocked"), out);
    assertTrue(Pattern.compile("storage\\s+3\\s+127\\.0\\.0\\.1:\\d+").matcher(out).find(), out);
  }

  /** A copy of examples/existing-app in {@code temp/app}. */
  private static MavenBuild example(Path temp) throws Exception {
    return MavenBuild.of(
        LiquibaseRun.REPO.resolve("examples/existing-app"), MavenBuild.readableByAll(temp, "app"));
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
