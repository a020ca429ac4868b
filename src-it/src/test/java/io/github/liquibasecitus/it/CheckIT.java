package io.github.liquibasecitus.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.liquibasecitus.check.CheckResult;
import io.github.liquibasecitus.check.CheckSettings;
import io.github.liquibasecitus.check.ClusterRules;
import io.github.liquibasecitus.check.Finding;
import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** citus:check against the real Citus: its refusals, the apply mode, the cluster rules. */
@CitusTest
class CheckIT {
  private static final System.Logger LOG = System.getLogger(CheckIT.class.getName());
  private static final String FIXTURES = "citus-check/src/test/resources/check/";

  /** A database of its own per fixture: the fixtures use fixed names. */
  private static CitusCluster scratch(CitusCluster cluster, String prefix) {
    java.util.Optional<CitusCluster> db = cluster.newDatabase(TestNames.unique(prefix));
    Assumptions.assumeTrue(
        db.isPresent(), "needs a cluster that can create databases on its nodes (local binaries)");
    return db.get();
  }

  /**
   * Every offline rule that says "Citus refuses" is proven here: its triggering fixture, applied to
   * the real cluster, fails with Citus' own message; the clean fixture applies.
   */
  @Test
  void whatTheErrorRulesSayCitusRefusesCitusRefuses(CitusCluster cluster) throws Exception {
    Map<String, String> refusals = new LinkedHashMap<>();
    refusals.put(
        "citus001.xml", "cannot create foreign key constraint since relations are not colocated");
    refusals.put("citus001-local.xml", "must be a distributed table or a reference table");
    refusals.put(
        "citus002.xml", "cannot create foreign key constraint since relations are not colocated");
    refusals.put("citus003.xml", "cannot create constraint on \"events\"");
    refusals.put("citus004.xml", "column \"tenant_id\" of relation \"events\" does not exist");
    refusals.put("citus006-sql.xml", "public schema cannot be distributed");
    refusals.put("citus007-sql.xml", "is already distributed");
    refusals.put("citus007-move.xml", "distributed schema cannot have distributed tables");
    refusals.put("citus008.xml", "cannot inherit or be inherited");
    refusals.put("citus011.xml", "must run in a transaction of its own");
    refusals.put(
        "citus003-index.xml",
        "creating unique indexes on non-partition columns is currently unsupported");
    refusals.put("citus015.xml", "triggers are not supported on distributed tables");
    refusals.put(
        "citus035-fk.xml",
        "cannot modify table \"orders\" because there was a parallel operation on a distributed"
            + " table in the transaction");
    refusals.put(
        "citus033.xml",
        "partitioning within a distributed schema is not supported when the parent and the child"
            + " are in different schemas");
    refusals.put("citus016.xml", "CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> fixture : refusals.entrySet()) {
      try (CitusCluster db = scratch(cluster, "refuse")) {
        try {
          LiquibaseRun.of(db, FIXTURES + fixture.getKey()).update();
          wrong.add(fixture.getKey() + ": applied, but the rule says Citus refuses it");
        } catch (Exception e) {
          String message = messages(e);
          if (!message.contains(fixture.getValue())) {
            wrong.add(fixture.getKey() + ": refused for another reason: " + message);
          }
          LOG.log(System.Logger.Level.INFO, fixture.getKey() + " refused: " + firstDbLine(message));
        }
      }
    }
    try (CitusCluster db = scratch(cluster, "clean")) {
      LiquibaseRun.of(db, FIXTURES + "clean.xml").update();
    }
    assertEquals(List.of(), wrong);
  }

  /**
   * What Citus refuses only through a worker (CITUS034) or only once a table holds rows (CITUS035):
   * their fixtures apply on empty tables through the coordinator, as the apply mode runs them; a
   * write through a worker, or the same changesets on a table with rows, is refused with Citus'
   * message, and the safe forms beside them pass.
   */
  @Test
  void whatCitusRefusesThroughAWorkerOrOnceATableHoldsRows(CitusCluster cluster) throws Exception {
    try (CitusCluster db = scratch(cluster, "worker");
        Db coordinator = Db.connect(db)) {
      LiquibaseRun.of(db, FIXTURES + "citus034.xml").update();
      String worker =
          coordinator.one(
              "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid > 0"
                  + " ORDER BY nodeid LIMIT 1");
      String url =
          "jdbc:postgresql://"
              + worker
              + "/"
              + coordinator.<String>one("SELECT current_database()");
      try (Connection w = java.sql.DriverManager.getConnection(url, db.username(), db.password());
          java.sql.Statement st = w.createStatement()) {
        st.execute("INSERT INTO clicks DEFAULT VALUES"); // bigserial: drawn on the worker
        java.sql.SQLException refused =
            org.junit.jupiter.api.Assertions.assertThrows(
                java.sql.SQLException.class,
                () -> st.execute("INSERT INTO visits (id, page) VALUES (1, 1)"));
        assertTrue(
            refused
                .getMessage()
                .contains(
                    "nextval(sequence) calls in worker nodes are not supported for column defaults"
                        + " of type int or smallint"),
            refused.getMessage());
      }
      coordinator.exec("INSERT INTO visits (id, page) VALUES (1, 1)"); // the coordinator may
    }
    try (CitusCluster db = scratch(cluster, "parallel");
        Db sql = Db.connect(db)) {
      LiquibaseRun run = LiquibaseRun.of(db, FIXTURES + "citus035.xml");
      // On empty tables Citus may or may not run the ALTER TABLE over several connections.
      try {
        run.update();
        run.rollbackCount(3);
      } catch (Exception refusedAlready) {
        LOG.log(
            System.Logger.Level.INFO,
            "refused on empty tables: " + firstDbLine(messages(refusedAlready)));
      }
      sql.exec("INSERT INTO countries VALUES ('fr')");
      sql.exec("INSERT INTO orders SELECT g, 'fr' FROM generate_series(1, 100000) g");
      String refused = messages(assertFails(run::update));
      assertTrue(refused.contains("\"countries\" because there was a parallel"), refused);
      assertTrue(refused.contains("column-then-country"), refused);
      // The safe forms of the fixture, on the same rows.
      java.sql.Connection c = sql.connection();
      c.setAutoCommit(false);
      sql.exec("INSERT INTO countries VALUES ('yy')");
      sql.exec("ALTER TABLE orders ADD COLUMN remark text");
      c.commit();
      sql.exec("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'");
      sql.exec("ALTER TABLE orders ADD COLUMN flag boolean");
      sql.exec("INSERT INTO countries VALUES ('zz')");
      c.commit();
      c.setAutoCommit(true);
    }
  }

  private static Throwable assertFails(org.junit.jupiter.api.function.Executable step) {
    return org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, step);
  }

  /**
   * The lock rules' claims, shown by the apply mode's trace on the real cluster: each fixture holds
   * the locking form its rule finds and the safe form it passes, and the trace says, changeset by
   * changeset, which lock each held on a table that existed before it and which it rewrote.
   */
  @Test
  void whatTheLockRulesSayTheApplyModesTraceShows(CitusCluster cluster, @TempDir Path temp)
      throws Exception {
    Map<String, Map<String, String>> claims = new LinkedHashMap<>();
    claims.put(
        "citus017.xml",
        Map.of("index::t", "ShareLock on public.orders", "index-concurrently::t", ""));
    claims.put(
        "citus028.xml",
        Map.of(
            "widen-qty::t", "AccessExclusiveLock on public.orders; rewrote public.orders",
            "longer-name::t", "AccessExclusiveLock on public.orders"));
    claims.put(
        "citus029.xml",
        Map.of(
            "volatile-default::t", "AccessExclusiveLock on public.orders; rewrote public.orders",
            "stable-default::t", "AccessExclusiveLock on public.orders"));
    claims.put(
        "citus030.xml",
        Map.of(
            "fk::t", "ShareRowExclusiveLock on public.countries; ExclusiveLock on public.orders",
            "check::t", "AccessExclusiveLock on public.orders",
            "not-valid::t", "AccessExclusiveLock on public.orders",
            "validate::t", ""));
    claims.put(
        "citus031.xml",
        Map.of(
            "not-null::t", "AccessExclusiveLock on public.orders",
            "then-set::t", "AccessExclusiveLock on public.orders"));
    claims.put(
        "citus032.xml",
        Map.of(
            "rename-column::t", "AccessExclusiveLock on public.orders",
            "rename-table::t", "AccessExclusiveLock on public.orders",
            "created-here::t", ""));
    MavenBuild project = MavenBuild.of(MavenBuild.testProject("check"), temp.resolve("locks"));
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> fixture : claims.entrySet()) {
      java.nio.file.Files.copy(
          LiquibaseRun.REPO.resolve(FIXTURES + fixture.getKey()),
          temp.resolve("locks/db/" + fixture.getKey()));
      MavenBuild.Result applied =
          project.runOn(
              cluster,
              "citus:check",
              "-Dcitus.check.apply=true",
              "-Dcitus.changeLogFile=db/" + fixture.getKey(),
              "-Dcitus.check.cluster=false");
      assertTrue(applied.succeeded(), applied.output());
      Map<String, String> traced = traced(applied.output());
      fixture
          .getValue()
          .forEach(
              (changeSet, claim) -> {
                String seen = traced.getOrDefault(changeSet, "");
                if (!seen.equals(claim)) {
                  wrong.add(fixture.getKey() + " " + changeSet + ": traced [" + seen + "]");
                }
              });
    }
    assertEquals(List.of(), wrong);
  }

  private static final java.util.regex.Pattern TRACED =
      java.util.regex.Pattern.compile(
          "(CITUS206|CITUS207) \\w+ \\S+ changeset (\\S+): (.*?) Fix: .*");
  private static final java.util.regex.Pattern HELD =
      java.util.regex.Pattern.compile("(\\w+Lock) on ([\\w.]+) \\(");

  /** Per changeset: its locks in the trace's order, then its rewrites. */
  private static Map<String, String> traced(String output) {
    Map<String, List<String>> locks = new LinkedHashMap<>();
    Map<String, List<String>> rewrites = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      java.util.regex.Matcher m = TRACED.matcher(line);
      if (!m.find()) {
        continue;
      }
      if (m.group(1).equals("CITUS206")) {
        java.util.regex.Matcher held = HELD.matcher(m.group(3));
        while (held.find()) {
          locks
              .computeIfAbsent(m.group(2), k -> new ArrayList<>())
              .add(held.group(1) + " on " + held.group(2));
        }
      } else {
        String table = m.group(3).replaceFirst("^rewrote ([\\w.]+) .*", "$1");
        rewrites.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add("rewrote " + table);
      }
    }
    Map<String, String> traced = new LinkedHashMap<>();
    locks.forEach((cs, l) -> traced.put(cs, String.join("; ", l)));
    rewrites.forEach((cs, r) -> traced.merge(cs, String.join("; ", r), (a, b) -> a + "; " + b));
    return traced;
  }

  @Test
  void clusterRulesReadTheCatalogsAsARoleWithNoWriteRights(CitusCluster cluster) throws Exception {
    try (CitusCluster scratch = scratch(cluster, "rules");
        Db db = Db.connect(scratch)) {
      Db.installLibrary(scratch);
      db.exec("CREATE SCHEMA app");
      // Everything on the first worker: the second takes no shards while the tables are made.
      String second =
          db.one(
              "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid > 0"
                  + " ORDER BY nodeport DESC LIMIT 1");
      String[] hp = second.split(":");
      String property =
          "SELECT citus_set_node_property('" + hp[0] + "', " + hp[1] + ", 'shouldhaveshards', ";
      db.exec(property + "false)");
      db.exec("CREATE TABLE app.events (id bigint PRIMARY KEY)");
      db.exec("SELECT create_distributed_table('app.events', NULL, colocate_with => 'none')");
      db.exec("CREATE TABLE app.notes (msg text)"); // left local beside a distributed table
      db.exec("CREATE TABLE app.log (msg text)");
      db.exec(
          "SELECT create_distributed_table('app.log', NULL, colocate_with => 'none')"); // no key
      for (int i = 0; i < 6; i++) {
        db.exec("CREATE TABLE app.t" + i + " (id bigint PRIMARY KEY)");
        db.exec("SELECT create_distributed_table('app.t" + i + "', NULL, colocate_with => 'none')");
      }
      db.exec(property + "true)");
      // A rebalance that was cancelled before it moved anything.
      Long job =
          db.one(
              "SELECT citus_rebalance_start(rebalance_strategy := 'by_shard_count',"
                  + " shard_transfer_mode := 'block_writes')");
      assertTrue(job != null, "the rebalance has work to do");
      db.exec("SELECT citus_job_cancel(" + job + ")");
      await("the cancelled rebalance job")
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> db.one("SELECT state::text FROM pg_dist_background_job WHERE job_id = ?", job),
              "cancelled"::equals);
      // A read-only role.
      String ro = TestNames.unique("readonly");
      db.exec("CREATE ROLE " + ro + " LOGIN PASSWORD 'ro-secret'");

      List<String> asOwner = ids(check(scratch, scratch.username(), scratch.password()));
      List<String> asReader = ids(check(scratch, ro, "ro-secret"));
      assertTrue(asOwner.contains("CITUS101 app.notes"), asOwner.toString());
      assertTrue(asOwner.contains("CITUS101 app.t0") == false, asOwner.toString());
      assertTrue(asOwner.contains("CITUS103 app.log"), asOwner.toString());
      assertTrue(asOwner.stream().anyMatch(f -> f.startsWith("CITUS104 ")), asOwner.toString());
      assertTrue(asOwner.stream().anyMatch(f -> f.startsWith("CITUS105 job ")), asOwner.toString());
      assertFalse(asOwner.stream().anyMatch(f -> f.startsWith("CITUS109")), asOwner.toString());
      assertEquals(asOwner, asReader, "a role with no write rights sees the same");
      assertEquals(
          0L,
          db.<Long>one(
              "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname = 'app' AND c.relname LIKE 'databasechangelog%'"),
          "nothing written");
      // A node registered and inactive.
      db.exec("SELECT citus_add_inactive_node('127.0.0.1', 1)");
      List<String> withInactive = ids(check(scratch, ro, "ro-secret"));
      assertTrue(withInactive.contains("CITUS107 127.0.0.1:1"), withInactive.toString());
      db.exec("SELECT citus_remove_node('127.0.0.1', 1)");
      db.exec("DROP ROLE " + ro);
    }
  }

  private static CheckResult check(CitusCluster server, String user, String password)
      throws Exception {
    try (Connection c = server.connect(user, password)) {
      return ClusterRules.check(c, CheckSettings.defaults());
    }
  }

  private static List<String> ids(CheckResult result) {
    List<String> ids = new ArrayList<>();
    for (Finding f : result.findings()) {
      ids.add(f.rule().id() + " " + f.location().object());
    }
    LOG.log(
        System.Logger.Level.INFO,
        "cluster findings: " + result.findings().stream().map(Finding::line).toList());
    return ids;
  }

  @Test
  void applyModeCatchesARefusedChangesetAndABrokenRollbackOnAThrowawayCluster(@TempDir Path temp)
      throws Exception {
    Path work = MavenBuild.readableByAll(temp, "apply");
    MavenBuild project = MavenBuild.of(MavenBuild.testProject("check"), work);

    MavenBuild.Result refused =
        project.run(
            "citus:check", "-Dcitus.check.apply=true", "-Dcitus.changeLogFile=db/refused.xml");
    assertFalse(refused.succeeded(), refused.output());
    assertTrue(
        refused
            .output()
            .matches(
                "(?s).*\\[ERROR\\] CITUS201 error db/refused\\.xml:\\d+ changeset fk-across-tenants::t: on a throwaway cluster of its own, applying it failed: ERROR: .*"),
        refused.output());
    assertTrue(
        refused.output().contains("[ERROR] CITUS002 error db/refused.xml:"),
        "the offline rule saw it first: " + refused.output());
    assertTrue(Files.isRegularFile(work.resolve("target/citus-check/TEST-citus-check.xml")));
    assertTrue(
        Files.readString(work.resolve("target/citus-check/citus-check.sarif"))
            .contains("\"ruleId\" : \"CITUS201\""));

    MavenBuild.Result rollback =
        project.run(
            "citus:check", "-Dcitus.check.apply=true", "-Dcitus.changeLogFile=db/bad-rollback.xml");
    assertFalse(rollback.succeeded(), rollback.output());
    assertTrue(
        rollback
            .output()
            .matches(
                "(?s).*\\[ERROR\\] CITUS202 error db/bad-rollback\\.xml:\\d+ changeset schema::t: on a throwaway cluster of its own, rolling back 2 changeset\\(s\\) failed: ERROR: cannot drop schema app because other objects depend on it.*"),
        rollback.output());

    MavenBuild.Result clean =
        project.run(
            "citus:check", "-Dcitus.check.apply=true", "-Dcitus.changeLogFile=db/clean.xml");
    assertTrue(clean.succeeded(), clean.output());
    int rules =
        io.github.liquibasecitus.check.model.MigrationRules.ALL.size()
            + io.github.liquibasecitus.check.changelog.ApplyCheck.ALL.size()
            + ClusterRules.ALL.size();
    assertTrue(
        clean.output().contains("citus:check: " + rules + " rules, 0 errors"), clean.output());

    // loadData has no inverse: the rollback test stops there, says so, and the run goes on.
    MavenBuild.Result loadData =
        project.run(
            "citus:check", "-Dcitus.check.apply=true", "-Dcitus.changeLogFile=db/load-data.xml");
    assertTrue(loadData.succeeded(), loadData.output());
    assertTrue(
        loadData
            .output()
            .contains(
                "CITUS205 warning db/load-data.xml:21 changeset countries-data::t: the rollback"
                    + " test stops at db/load-data.xml::countries-data::t (loadData has no"
                    + " automatic inverse and the changeset gives no <rollback>); the 1"
                    + " changeset(s) after it were rolled back and applied again"),
        loadData.output());
    assertTrue(loadData.output().contains("0 errors, 1 warning"), loadData.output());
  }

  /**
   * A Flyway project with no Liquibase: citus:check reads the flyway-maven-plugin's executions from
   * the POM, refuses a trigger on a service's table naming the script and line, and says what it
   * cannot do before anything runs.
   */
  @Test
  void aFlywayProjectIsCheckedFromItsPom(@TempDir Path temp) throws Exception {
    MavenBuild project =
        MavenBuild.of(
            LiquibaseRun.REPO.resolve("examples/flyway-microservices"), temp.resolve("flyway"));
    Files.writeString(
        temp.resolve("flyway/db/user-service/V2__stamp_users.sql"),
        "ALTER TABLE users ADD COLUMN updated timestamptz;\n\n"
            + "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            + "BEGIN NEW.updated := now(); RETURN NEW; END\n$$;\n\n"
            + "CREATE TRIGGER stamp BEFORE UPDATE ON users\n"
            + "  FOR EACH ROW EXECUTE FUNCTION stamp();\n");
    MavenBuild.Result found = project.run("citus:check", "-Dcitus.check.githubAnnotations=true");
    assertFalse(found.succeeded(), found.output());
    assertTrue(
        found
            .output()
            .contains(
                "\n::error file=db/user-service/V2__stamp_users.sql,line=7,title=CITUS015 Trigger"
                    + " on a distributed table::CREATE TRIGGER stamp on user_service.users"),
        found.output());
    assertTrue(
        Files.readString(temp.resolve("flyway/target/citus-check/gl-code-quality-report.json"))
            .contains("\"check_name\" : \"CITUS015\""));
    MavenBuild.Result typo = project.run("citus:check", "-Dcitus.check.githubAnnotations=yes");
    assertTrue(
        typo.output().contains("citus.check.githubAnnotations is 'yes': give auto, true or false"),
        typo.output());
    assertTrue(
        found
            .output()
            .contains(
                "[ERROR] CITUS015 error db/user-service/V2__stamp_users.sql:7 changeset"
                    + " V2__stamp_users (user_service.users): CREATE TRIGGER stamp on"
                    + " user_service.users (a table of a distributed schema)"),
        found.output());
    assertTrue(
        found
            .output()
            .contains(
                "[WARNING] CITUS036 warning db/user-service/V2__stamp_users.sql:1 changeset"
                    + " V2__stamp_users (user_service.users): ALTER TABLE of user_service.users"
                    + " waits for its lock with no lock_timeout set"),
        found.output());
    assertTrue(found.output().contains("1 error, 1 warning, 0 infos"), found.output());
    assertTrue(Files.isRegularFile(temp.resolve("flyway/target/citus-check/citus-check.sarif")));

    MavenBuild.Result wrong =
        project.run("citus:check", "-Dcitus.check.flywayLocations=filesystem:db/users");
    assertFalse(wrong.succeeded(), wrong.output());
    assertTrue(
        wrong
            .output()
            .contains(
                "-Dcitus.check.flywayLocations names no directory that exists: filesystem:db/users."),
        wrong.output());
    MavenBuild.Result lock =
        project.run("citus:check", "-Dflyway.postgresql.transactional.lock=off");
    assertFalse(lock.succeeded(), lock.output());
    assertTrue(
        lock.output()
            .contains("flyway.postgresql.transactional.lock is 'off': Flyway takes true or false"),
        lock.output());
    // Applied on a throwaway cluster as flyway:migrate runs it: Citus refuses the trigger there.
    MavenBuild.Result apply =
        project.run(
            "citus:check", "-Dcitus.check.apply=true", "-Dcitus.check.disabledRules=CITUS015");
    assertFalse(apply.succeeded(), apply.output());
    assertTrue(
        apply
            .output()
            .contains(
                "[ERROR] CITUS201 error db/user-service/V2__stamp_users.sql:7 changeset"
                    + " V2__stamp_users: on a throwaway cluster of its own, applying it failed:"),
        apply.output());
    assertTrue(
        apply.output().contains("triggers are not supported on distributed tables"),
        apply.output());
    // Without it, every set migrates as its POM says (the services as their roles, initSql), a
    // second migrate on the same cluster applies nothing, and the example passes.
    Files.delete(temp.resolve("flyway/db/user-service/V2__stamp_users.sql"));
    MavenBuild.Result clean =
        project.run("citus:check", "-Dcitus.check.apply=true", "-Dcitus.check.failOn=warning");
    assertTrue(clean.succeeded(), clean.output());
    assertTrue(
        clean.output().contains("[INFO] Flyway user-service: 1 migration(s) applied"),
        clean.output());
    assertTrue(
        clean.output().contains("[INFO] Flyway user-service: 0 migration(s) applied"),
        clean.output());
    assertTrue(clean.output().contains("Flyway's community edition has no undo"), clean.output());
  }

  /**
   * A Spring Boot application's changelog, named by its classpath path and including its files by
   * theirs (JHipster's shape): found in the project's resources, checked offline and in apply mode,
   * where loadData ends the rollback test with a warning instead of failing the check.
   */
  @Test
  void aSpringApplicationsChangelogIsFoundInItsResourcesAndAppliesWithItsLoadData(
      @TempDir Path temp) throws Exception {
    Path work = MavenBuild.readableByAll(temp, "spring-app");
    MavenBuild project = MavenBuild.of(MavenBuild.testProject("spring-app"), work);
    MavenBuild.Result offline = project.run("citus:check");
    assertTrue(offline.succeeded(), offline.output());
    MavenBuild.Result applied = project.run("citus:check", "-Dcitus.check.apply=true");
    assertTrue(applied.succeeded(), applied.output());
    assertTrue(
        applied
            .output()
            .contains(
                "CITUS205 warning"
                    + " src/main/resources/config/liquibase/changelog/20260101000000_added_entity_Invoice.xml:12"
                    + " changeset 20260101000000-1-data::app: the rollback test stops at"),
        applied.output());
    assertTrue(applied.output().contains("0 errors, 1 warning"), applied.output());
  }

  @Test
  void offlineTheGoalNeedsNoDatabaseAndRulesAreSwitchedOffFromTheCommandLine(@TempDir Path temp)
      throws Exception {
    MavenBuild project = MavenBuild.of(MavenBuild.testProject("check"), temp.resolve("offline"));
    MavenBuild.Result found = project.run("citus:check", "-Dcitus.changeLogFile=db/refused.xml");
    assertFalse(found.succeeded(), found.output());
    assertTrue(
        found
            .output()
            .contains("[ERROR] CITUS002 error db/refused.xml:20 changeset fk-across-tenants::t"),
        found.output());
    assertFalse(found.output().contains("started"), "no cluster started: " + found.output());
    assertTrue(Files.isRegularFile(temp.resolve("offline/target/citus-check/citus-check.sarif")));

    MavenBuild.Result off =
        project.run(
            "citus:check",
            "-Dcitus.changeLogFile=db/refused.xml",
            "-Dcitus.check.disabledRules=CITUS002,citus013");
    assertTrue(off.succeeded(), off.output());
    int offline = io.github.liquibasecitus.check.model.MigrationRules.ALL.size() - 2;
    assertTrue(off.output().contains("citus:check: " + offline + " rules, 0 errors"), off.output());

    MavenBuild.Result typo =
        project.run(
            "citus:check",
            "-Dcitus.changeLogFile=db/refused.xml",
            "-Dcitus.check.disabledRules=CITUS02");
    assertFalse(typo.succeeded(), typo.output());
    assertTrue(
        typo.output()
            .contains(
                "disabled rule 'CITUS02' is not a rule of citus:check; the rules are [CITUS001,"),
        typo.output());

    MavenBuild.Result never =
        project.run(
            "citus:check", "-Dcitus.changeLogFile=db/refused.xml", "-Dcitus.check.failOn=never");
    assertTrue(never.succeeded(), never.output());

    MavenBuild.Result version =
        project.run(
            "citus:check", "-Dcitus.changeLogFile=db/clean.xml", "-Dcitus.check.citusVersion=12");
    assertFalse(version.succeeded(), version.output());
    assertTrue(
        version
            .output()
            .contains(
                "-Dcitus.check.citusVersion is '12': give a Citus version as major.minor, e.g. 12.1"
                    + " or 13.2"),
        version.output());
    // The version of the production cluster, in the POM: what Citus 11.3 lacks is an error.
    project.pluginConfiguration("<citusVersion>11.3</citusVersion>");
    MavenBuild.Result old = project.run("citus:check", "-Dcitus.changeLogFile=db/clean.xml");
    assertFalse(old.succeeded(), old.output());
    assertTrue(
        old.output().contains("a single-shard table needs Citus 12.0; the check is for Citus 11.3"),
        old.output());
  }

  @Test
  void withAUrlTheClusterRulesRunAndPendingChangesetsAreListedWithoutWritingAnything(
      CitusCluster cluster, @TempDir Path temp) throws Exception {
    MavenBuild project = MavenBuild.of(MavenBuild.testProject("check"), temp.resolve("url"));
    MavenBuild.Result result =
        project.runOn(
            cluster,
            "citus:check",
            "-Dcitus.changeLogFile=db/clean.xml",
            // The shared cluster holds what other tests left: only this run's findings matter.
            "-Dcitus.check.failOn=never");
    assertTrue(result.succeeded(), result.output());
    assertTrue(
        result
            .output()
            .matches(
                "(?s).*\\[INFO\\] CITUS110 info db/clean\\.xml:9 changeset schema::t: changeset schema::t is not applied yet.*"),
        result.output());
    String target = cluster.jdbcUrl().replaceFirst("^jdbc:postgresql://", "");
    assertTrue(
        result
            .output()
            .matches(
                "(?s).*citus:check: .*\\(" + java.util.regex.Pattern.quote(target) + "\\)\\s.*"),
        result.output());
    String history = project.historyTable().get(0).replaceFirst(".*=", "");
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          0L,
          db.<Long>one("SELECT count(*) FROM pg_class WHERE relname = ?", history),
          "no history table created");
    }
  }

  @Test
  void withAUrlTheApplyModeRunsInAScratchDatabaseDroppedOnEveryNode(
      CitusCluster cluster, @TempDir Path temp) throws Exception {
    MavenBuild project = MavenBuild.of(MavenBuild.testProject("check"), temp.resolve("scratch"));
    MavenBuild.Result refused =
        project.runOn(
            cluster,
            "citus:check",
            "-Dcitus.check.apply=true",
            "-Dcitus.changeLogFile=db/refused.xml",
            "-Dcitus.check.cluster=false");
    assertFalse(refused.succeeded(), refused.output());
    assertTrue(
        refused.output().contains("citus:check: applying on scratch database citus_check_"),
        refused.output());
    assertTrue(
        refused
            .output()
            .matches(
                "(?s).*\\[ERROR\\] CITUS201 error db/refused\\.xml:\\d+ changeset fk-across-tenants::t: on scratch database citus_check_\\w+ of 127\\.0\\.0\\.1:\\d+/\\w+, applying it failed: ERROR: cannot create foreign key constraint.*"),
        refused.output());
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          0L,
          db.<Long>one("SELECT count(*) FROM pg_database WHERE datname LIKE 'citus\\_check\\_%'"),
          "dropped on the coordinator");
      assertEquals(
          0L,
          db.<Long>one(
              "SELECT count(*) FROM run_command_on_workers($$SELECT count(*) FROM pg_database"
                  + " WHERE datname LIKE 'citus\\_check\\_%'$$) WHERE result <> '0'"),
          "dropped on the workers");
    }
  }

  /**
   * A changelog that makes a role unless it exists and drops it in its rollback (the microservices
   * example's pattern), checked in apply mode against a given cluster where that role exists with a
   * password: roles are global, so a scratch database would have dropped the real one. It runs on a
   * throwaway cluster instead; the real role keeps its password, nothing is left behind.
   */
  @Test
  void globalObjectsNeverTouchTheGivenCluster(CitusCluster cluster, @TempDir Path temp)
      throws Exception {
    Path work = MavenBuild.readableByAll(temp, "roles");
    MavenBuild project = MavenBuild.of(MavenBuild.testProject("check"), work);
    try (Db db = Db.connect(cluster)) {
      db.exec("DROP ROLE IF EXISTS check_app_role");
      db.exec("CREATE ROLE check_app_role LOGIN PASSWORD 'real-secret' VALID UNTIL '2100-01-01'");
    }
    try {
      MavenBuild.Result result =
          project.runOn(
              cluster,
              "citus:check",
              "-Dcitus.check.apply=true",
              "-Dcitus.changeLogFile=db/roles.xml",
              "-Dcitus.check.cluster=false");
      assertTrue(result.succeeded(), result.output());
      assertTrue(
          result
              .output()
              .contains(
                  "1 changeset(s) or migration(s) change objects of the whole cluster, which a"
                      + " scratch database cannot hold: db/roles.xml::role::t (CREATE ROLE, DROP"
                      + " ROLE)."
                      + " Applying on a throwaway cluster of its own instead"),
          result.output());
      assertFalse(result.output().contains("applying on scratch database"), result.output());
      try (Db db = Db.connect(cluster)) {
        assertEquals(
            Boolean.TRUE,
            db.one(
                "SELECT rolpassword IS NOT NULL AND rolvaliduntil IS NOT NULL FROM pg_authid"
                    + " WHERE rolname = 'check_app_role'"),
            "the real role kept its password and expiry");
        assertEquals(
            0L,
            db.<Long>one(
                "SELECT count(*) FROM pg_database WHERE datname LIKE 'citus\\_check\\_%'"));
      }
    } finally {
      try (Db db = Db.connect(cluster)) {
        db.exec("DROP ROLE IF EXISTS check_app_role");
      }
    }
  }

  /**
   * A run killed before it dropped its scratch database leaves one whose comment says what made it
   * and when; the next run drops it once nobody uses it, and leaves a recent one alone.
   */
  @Test
  void aKilledRunsScratchDatabaseIsDroppedByTheNext(CitusCluster cluster, @TempDir Path temp)
      throws Exception {
    String stale = "citus_check_" + TestNames.unique("old").replace("_", "").substring(0, 8);
    String recent = "citus_check_" + TestNames.unique("new").replace("_", "").substring(0, 8);
    try (Db db = Db.connect(cluster)) {
      db.exec("SET citus.enable_create_database_propagation TO on");
      for (String name : List.of(stale, recent)) {
        db.exec("CREATE DATABASE " + name);
      }
      db.exec(
          "COMMENT ON DATABASE "
              + stale
              + " IS 'liquibase-citus scratch database (citus:check apply mode), made at"
              + " 2026-01-01T00:00:00Z by process 1; dropped when its run ends'");
      db.exec(
          "COMMENT ON DATABASE "
              + recent
              + " IS 'liquibase-citus scratch database (citus:check apply mode), made at "
              + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              + " by process 1; dropped when its run ends'");
    }
    try {
      MavenBuild project = MavenBuild.of(MavenBuild.testProject("check"), temp.resolve("stale"));
      MavenBuild.Result result =
          project.runOn(
              cluster,
              "citus:check",
              "-Dcitus.check.apply=true",
              "-Dcitus.changeLogFile=db/clean.xml",
              "-Dcitus.check.cluster=false");
      assertTrue(result.succeeded(), result.output());
      try (Db db = Db.connect(cluster)) {
        assertEquals(
            List.of(recent),
            db
                .rows(
                    "SELECT datname::text FROM pg_database WHERE datname IN (?, ?)", stale, recent)
                .stream()
                .map(r -> r.get(0))
                .toList());
        assertEquals(
            0L,
            db.<Long>one(
                "SELECT count(*) FROM run_command_on_workers($$SELECT count(*) FROM pg_database"
                    + " WHERE datname = '"
                    + stale
                    + "'$$) WHERE result <> '0'"),
            "dropped on the workers too");
      }
    } finally {
      try (Db db = Db.connect(cluster)) {
        db.exec("SET citus.enable_create_database_propagation TO on");
        db.exec("DROP DATABASE IF EXISTS " + recent);
        db.exec("DROP DATABASE IF EXISTS " + stale);
      }
    }
  }

  /**
   * The Liquibase and Flyway examples pass their own citus:check, offline and in apply mode on a
   * throwaway cluster (a changelog applied, rolled back and applied again; Flyway sets migrated and
   * migrated again), each changelog or set of their POM.
   */
  @Test
  void theExamplesPassTheirOwnCheckOfflineAndApplied(@TempDir Path temp) throws Exception {
    Map<String, List<String>> examples = new LinkedHashMap<>();
    examples.put("microservices", List.of("citus:check", "citus:check@user-service"));
    examples.put("multi-tenant", List.of("citus:check"));
    examples.put("flyway-microservices", List.of("citus:check"));
    examples.put("flyway-multi-tenant", List.of("citus:check"));
    for (Map.Entry<String, List<String>> example : examples.entrySet()) {
      Path work = MavenBuild.readableByAll(temp, example.getKey());
      MavenBuild build =
          MavenBuild.of(LiquibaseRun.REPO.resolve("examples/" + example.getKey()), work);
      List<String> offline = new ArrayList<>(example.getValue());
      offline.add("-Dcitus.check.failOn=warning");
      MavenBuild.Result checked = build.run(offline.toArray(String[]::new));
      assertTrue(checked.succeeded(), checked.output());
      assertTrue(checked.output().contains(" 0 errors, 0 warnings"), checked.output());
      MavenBuild.Result applied =
          build.run("citus:check", "-Dcitus.check.apply=true", "-Dcitus.check.failOn=warning");
      assertTrue(applied.succeeded(), applied.output());
      assertTrue(
          applied.output().matches("(?s).*citus:check: \\d+ rules, 0 errors, 0 warnings.*"),
          applied.output());
      if (example.getKey().startsWith("flyway")) {
        assertTrue(
            applied.output().matches("(?s).*Flyway \\S+: [1-9]\\d* migration\\(s\\) applied.*"),
            "migrated: " + applied.output());
      } else {
        assertTrue(applied.output().contains("ROLLBACK "), "rolled back: " + applied.output());
      }
    }
  }

  private static String messages(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      s.append(t.getMessage()).append('\n');
      if (t.getCause() == t) {
        break;
      }
    }
    return s.toString();
  }

  private static String firstDbLine(String messages) {
    for (String line : messages.split("\n")) {
      if (line.contains("ERROR:")) {
        return line.trim();
      }
    }
    return messages.lines().findFirst().orElse("");
  }

  @SuppressWarnings("unused")
  private static void unreachable() {
    fail();
  }
}
