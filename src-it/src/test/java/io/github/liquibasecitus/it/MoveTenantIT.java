package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import io.github.liquibasecitus.operations.RebalanceException;
import io.github.liquibasecitus.operations.TenantIsolation;
import io.github.liquibasecitus.operations.TenantMove;
import io.github.liquibasecitus.operations.Watch;
import io.github.liquibasecitus.sql.CitusExt;
import io.github.liquibasecitus.sql.TransferMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving one tenant on the real cluster: a citus_ext tenant and a distributed schema moved with
 * their rows, watched (phase, bytes), refused before anything runs when Citus would refuse midway,
 * cancelled on timeout with the tenant left in place; the goal in a real build, run twice.
 */
@CitusTest
class MoveTenantIT {
  private static final Watch QUICK =
      new Watch(Duration.ofMillis(100), Duration.ofMillis(300), null, false);

  @Test
  void movesTenantsAndSchemasWatchedRefusedAndCancelled(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    CitusCluster scratch = cluster.newDatabase(TestNames.unique("move")).orElse(null);
    assumeTrue(scratch != null, "this cluster cannot create databases on its workers");
    try (scratch;
        Db db = Db.connect(scratch)) {
      Db.installLibrary(scratch);
      List<String> workers = RebalanceIT.workers(db);
      assumeTrue(workers.size() >= 2, "needs two workers");
      db.exec("SET citus.enable_schema_based_sharding TO on");
      db.exec("CREATE SCHEMA billing");
      db.exec("CREATE TABLE billing.invoices (id bigint PRIMARY KEY, v text)");
      db.exec(
          "INSERT INTO billing.invoices SELECT g, repeat('x', 200) FROM generate_series(1, 50000) g");
      db.exec("CREATE TABLE billing.audit (at timestamptz, what text)");
      db.exec("INSERT INTO billing.audit VALUES (now(), 'created')");
      db.exec("RESET citus.enable_schema_based_sharding");
      db.exec("CREATE TABLE public.acme_orders (id bigint PRIMARY KEY)");
      db.exec("CREATE TABLE public.acme_lines (id bigint PRIMARY KEY, order_id bigint)");
      db.exec("INSERT INTO public.acme_orders SELECT generate_series(1, 1000)");
      db.exec("INSERT INTO public.acme_lines SELECT g, g FROM generate_series(1, 3000) g");
      db.exec(
          "SELECT citus_ext.create_single_shard_table('public.acme_orders', tenant_id => 'acme')");
      db.exec(
          "SELECT citus_ext.create_single_shard_table('public.acme_lines', tenant_id => 'acme')");

      String acmeFrom = node(db, "public.acme_orders");
      String acmeTo = other(workers, acmeFrom);
      RebalanceIT.Lines lines = new RebalanceIT.Lines();
      try (Connection c = scratch.connect()) {
        TenantMove move = new TenantMove(c, scratch::connect, lines);

        // A dry run says what would move and changes nothing.
        TenantMove.Outcome dry =
            move.move(request(TenantMove.Kind.TENANT, "acme", acmeTo, TransferMode.AUTO, true));
        assertEquals("dry run", dry.state());
        assertEquals(2, dry.tables());
        assertTrue(lines.any("dry run: would move tenant acme (2 tables, "), lines.toString());
        assertEquals(acmeFrom, node(db, "public.acme_orders"));

        // The tenant moves with both tables and every row, watched.
        TenantMove.Outcome moved =
            move.move(request(TenantMove.Kind.TENANT, "acme", acmeTo, TransferMode.AUTO, false));
        assertEquals("moved", moved.state());
        assertEquals(acmeTo, node(db, "public.acme_orders"));
        assertEquals(acmeTo, node(db, "public.acme_lines"));
        assertEquals(1000L, db.<Long>one("SELECT count(*) FROM public.acme_orders"));
        assertEquals(3000L, db.<Long>one("SELECT count(*) FROM public.acme_lines"));
        assertTrue(
            lines.any("moved tenant acme from " + acmeFrom + " to " + acmeTo), lines.toString());
        // The second time, on the same cluster: nothing to move.
        assertEquals(
            "already there",
            move.move(request(TenantMove.Kind.TENANT, "acme", acmeTo, TransferMode.AUTO, false))
                .state());

        // Refused before anything runs: an unknown tenant, a node that holds no shards, a table an
        // online move cannot follow.
        String billingFrom = node(db, "billing.invoices");
        String billingTo = other(workers, billingFrom);
        RebalanceException unknown =
            assertThrows(
                RebalanceException.class,
                () ->
                    move.move(
                        request(
                            TenantMove.Kind.SCHEMA,
                            "Billing",
                            billingTo,
                            TransferMode.AUTO,
                            false)));
        assertTrue(
            unknown.getMessage().contains("there is no distributed schema 'Billing'")
                && unknown.getMessage().contains("its distributed schemas: billing"),
            unknown.getMessage());
        String coordinator =
            db.one("SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid = 0");
        RebalanceException notWorker =
            assertThrows(
                RebalanceException.class,
                () ->
                    move.move(
                        request(
                            TenantMove.Kind.SCHEMA,
                            "billing",
                            coordinator,
                            TransferMode.AUTO,
                            false)));
        assertTrue(
            notWorker.getMessage().contains("is not an active node that may hold shards"),
            notWorker.getMessage());
        RebalanceException noIdentity =
            assertThrows(
                RebalanceException.class,
                () ->
                    move.move(
                        request(
                            TenantMove.Kind.SCHEMA,
                            "billing",
                            billingTo,
                            TransferMode.AUTO,
                            false)));
        assertEquals(RebalanceException.Kind.REFUSED, noIdentity.kind());
        assertTrue(
            noIdentity.getMessage().contains("billing.audit")
                && noIdentity.getMessage().contains("block_writes"),
            noIdentity.getMessage());
        assertEquals(billingFrom, node(db, "billing.invoices"));

        // A move that cannot end in time (a session holds its table) is cancelled, and the schema
        // stays where it was, whole.
        try (Db holder = Db.connect(scratch)) {
          holder.connection().setAutoCommit(false);
          holder.exec("LOCK TABLE billing.invoices IN ACCESS EXCLUSIVE MODE");
          TenantMove.Request timed =
              new TenantMove.Request(
                  TenantMove.Kind.SCHEMA,
                  "billing",
                  billingTo,
                  TransferMode.BLOCK_WRITES,
                  false,
                  new Watch(Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(2), false));
          RebalanceException cancelled =
              assertThrows(RebalanceException.class, () -> move.move(timed));
          assertEquals(RebalanceException.Kind.STOPPED_ON_TIMEOUT, cancelled.kind());
          assertTrue(
              cancelled
                      .getMessage()
                      .contains("did not move within 2.0 s and the move was cancelled")
                  && cancelled.getMessage().contains("it is on " + billingFrom),
              cancelled.getMessage());
          holder.connection().rollback();
        }
        assertEquals(billingFrom, node(db, "billing.invoices"));
        assertEquals(50000L, db.<Long>one("SELECT count(*) FROM billing.invoices"));
      }

      // The goal, in a real build, twice: moved with block_writes, then nothing to move.
      String billingFrom = node(db, "billing.invoices");
      String billingTo = other(workers, billingFrom);
      MavenBuild build = MavenBuild.of(MavenBuild.testProject("plugin-project"), work);
      MavenBuild.Result result =
          build.runOn(
              scratch,
              "citus:moveTenant",
              "-Dcitus.schema=billing",
              "-Dcitus.node=" + billingTo,
              "-Dcitus.transferMode=block_writes",
              "-Dcitus.rebalanceProgress=PT0.2S");
      assertTrue(result.succeeded(), result.output());
      assertTrue(
          result.output().contains("moving schema billing (2 tables, ")
              && result.output().contains("moved schema billing from " + billingFrom),
          result.output());
      assertTrue(result.output().contains("citus:moveTenant: moved ("), result.output());
      assertEquals(billingTo, node(db, "billing.invoices"));
      assertEquals(50000L, db.<Long>one("SELECT count(*) FROM billing.invoices"));
      MavenBuild.Result again =
          build.runOn(
              scratch,
              "citus:moveTenant",
              "-Dcitus.schema=billing",
              "-Dcitus.node=" + billingTo,
              "-Dcitus.transferMode=block_writes");
      assertTrue(again.succeeded(), again.output());
      assertTrue(
          again
              .output()
              .contains("schema billing is already on " + billingTo + "; nothing to move"),
          again.output());

      MavenBuild.Result both =
          build.runOn(
              scratch,
              "citus:moveTenant",
              "-Dcitus.schema=billing",
              "-Dcitus.tenant=acme",
              "-Dcitus.node=" + billingFrom);
      assertFalse(both.succeeded());
      assertTrue(
          both.output().contains("citus:moveTenant: name one tenant to move")
              && both.output().contains("not both"),
          both.output());
    }
  }

  /**
   * The moveTenant change type and CitusExt's moves: a schema and a tenant moved by a changelog,
   * the update run twice, the rollback returning both where they came from; the Java API the same.
   */
  @Test
  void changelogMovesAndRollsBack(CitusCluster cluster) throws Exception {
    CitusCluster scratch = cluster.newDatabase(TestNames.unique("movecl")).orElse(null);
    assumeTrue(scratch != null, "this cluster cannot create databases on its workers");
    try (scratch;
        Db db = Db.connect(scratch)) {
      Db.installLibrary(scratch);
      db.exec("SET citus.enable_schema_based_sharding TO on");
      db.exec("CREATE SCHEMA orders");
      db.exec("CREATE TABLE orders.items (id bigint PRIMARY KEY)");
      db.exec("INSERT INTO orders.items SELECT generate_series(1, 500)");
      db.exec("RESET citus.enable_schema_based_sharding");
      db.exec("CREATE TABLE public.globex_users (id bigint PRIMARY KEY)");
      db.exec("INSERT INTO public.globex_users SELECT generate_series(1, 70)");
      db.exec(
          "SELECT citus_ext.create_single_shard_table('public.globex_users', tenant_id => 'globex')");
      // Both on the first worker, so that the changelog moves both to the second.
      List<String> workers = RebalanceIT.workers(db);
      assumeTrue(workers.size() >= 2, "needs two workers");
      String first = workers.get(0);
      String second = workers.get(1);
      try (Connection c = scratch.connect()) {
        TenantMove move = new TenantMove(c, scratch::connect, new RebalanceIT.Lines());
        move.move(
            request(TenantMove.Kind.SCHEMA, "orders", first, TransferMode.BLOCK_WRITES, false));
        move.move(
            request(TenantMove.Kind.TENANT, "globex", first, TransferMode.BLOCK_WRITES, false));
      }
      db.exec("DELETE FROM citus_ext.move");

      LiquibaseRun run =
          LiquibaseRun.of(scratch, "src-it/src/test/resources/changelogs/move-tenants.xml")
              .param("node", second.substring(0, second.lastIndexOf(':')))
              .param("port", second.substring(second.lastIndexOf(':') + 1));
      run.update();
      assertEquals(second, node(db, "orders.items"));
      assertEquals(second, node(db, "public.globex_users"));
      assertEquals(2L, db.<Long>one("SELECT count(*) FROM citus_ext.move"));
      run.update();
      assertEquals(second, node(db, "orders.items"));
      assertEquals(2L, db.<Long>one("SELECT count(*) FROM citus_ext.move"));

      run.rollbackCount(2);
      assertEquals(first, node(db, "orders.items"));
      assertEquals(first, node(db, "public.globex_users"));
      assertEquals(500L, db.<Long>one("SELECT count(*) FROM orders.items"));
      assertEquals(70L, db.<Long>one("SELECT count(*) FROM public.globex_users"));
      assertEquals(0L, db.<Long>one("SELECT count(*) FROM citus_ext.move"));

      // The same from Java (a Flyway Java migration, an application).
      String[] hp = second.split(":");
      CitusExt ext = new CitusExt(db.connection());
      ext.moveTenant("globex", hp[0], Integer.parseInt(hp[1]), TransferMode.BLOCK_WRITES);
      assertEquals(second, node(db, "public.globex_users"));
      ext.moveBack(false, "globex", TransferMode.BLOCK_WRITES);
      assertEquals(first, node(db, "public.globex_users"));
      String noRecord = db.error("SELECT citus_ext.move_back('schema', 'orders')");
      assertTrue(noRecord.contains("no move of schema 'orders' is recorded"), noRecord);
    }
  }

  /**
   * A tenant of a hash-distributed table given a shard of its own with its colocated table, then a
   * node of its own, rows kept; refused first where Citus would refuse; the goal twice.
   */
  @Test
  void isolatesATenantOfAHashDistributedTable(CitusCluster cluster, @TempDir Path work)
      throws Exception {
    CitusCluster scratch = cluster.newDatabase(TestNames.unique("isolate")).orElse(null);
    assumeTrue(scratch != null, "this cluster cannot create databases on its workers");
    try (scratch;
        Db db = Db.connect(scratch)) {
      db.exec("CREATE TABLE public.events (tenant bigint, id bigint, PRIMARY KEY (tenant, id))");
      db.exec("CREATE TABLE public.clicks (tenant bigint, id bigint, PRIMARY KEY (tenant, id))");
      db.exec("SELECT create_distributed_table('public.events', 'tenant', shard_count => 4)");
      db.exec(
          "SELECT create_distributed_table('public.clicks', 'tenant', colocate_with => 'public.events')");
      db.exec("INSERT INTO public.events SELECT g % 10, g FROM generate_series(1, 3000) g");
      db.exec("INSERT INTO public.clicks SELECT g % 10, g FROM generate_series(1, 2000) g");
      db.exec("CREATE TABLE public.notes (id bigint PRIMARY KEY)");
      db.exec("SELECT create_reference_table('public.notes')");

      RebalanceIT.Lines lines = new RebalanceIT.Lines();
      try (Connection c = scratch.connect()) {
        TenantIsolation isolation = new TenantIsolation(c, lines);
        RebalanceException reference =
            assertThrows(
                RebalanceException.class,
                () ->
                    isolation.isolate(
                        new TenantIsolation.Request(
                            "public.notes", "7", null, TransferMode.BLOCK_WRITES, false, QUICK)));
        assertTrue(
            reference.getMessage().contains("only in hash-distributed tables"),
            reference.getMessage());

        TenantIsolation.Outcome dry =
            isolation.isolate(
                new TenantIsolation.Request(
                    "public.events", "7", null, TransferMode.BLOCK_WRITES, true, QUICK));
        assertEquals("dry run", dry.state());
        assertEquals(
            4L,
            db.<Long>one(
                "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'public.events'::regclass"));

        String before =
            db.one(
                "SELECT nodename || ':' || nodeport FROM citus_shards WHERE shardid ="
                    + " get_shard_id_for_distribution_column('public.events', 7)");
        String other =
            db.one(
                "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid > 0"
                    + " AND nodename || ':' || nodeport <> ? ORDER BY groupid LIMIT 1",
                before);
        TenantIsolation.Outcome isolated =
            isolation.isolate(
                new TenantIsolation.Request(
                    "public.events", "7", other, TransferMode.BLOCK_WRITES, false, QUICK));
        assertEquals("isolated", isolated.state());
        assertEquals(other, isolated.node());
        assertEquals(List.of("public.clicks", "public.events"), isolated.tables());
        // A shard of its own, for both tables, on the other node; every row kept.
        assertEquals(
            Boolean.TRUE,
            db.one(
                "SELECT shardminvalue = shardmaxvalue FROM pg_dist_shard WHERE shardid ="
                    + " get_shard_id_for_distribution_column('public.clicks', 7)"));
        assertEquals(
            other,
            db.one(
                "SELECT nodename || ':' || nodeport FROM citus_shards WHERE shardid ="
                    + " get_shard_id_for_distribution_column('public.clicks', 7)"));
        assertEquals(3000L, db.<Long>one("SELECT count(*) FROM public.events"));
        assertEquals(300L, db.<Long>one("SELECT count(*) FROM public.events WHERE tenant = 7"));
        assertEquals(2000L, db.<Long>one("SELECT count(*) FROM public.clicks"));
      }

      // The change type, run twice: tenant 5 on a shard and a node of its own.
      Db.installLibrary(scratch);
      String five =
          db.one(
              "SELECT nodename || ':' || nodeport FROM pg_dist_node WHERE groupid > 0"
                  + " AND nodename || ':' || nodeport <> (SELECT nodename || ':' || nodeport"
                  + " FROM citus_shards WHERE shardid ="
                  + " get_shard_id_for_distribution_column('public.events', 5))"
                  + " ORDER BY groupid LIMIT 1");
      LiquibaseRun changelog =
          LiquibaseRun.of(scratch, "src-it/src/test/resources/changelogs/isolate-tenant.xml")
              .param("node", five.substring(0, five.lastIndexOf(':')))
              .param("port", five.substring(five.lastIndexOf(':') + 1));
      changelog.update();
      changelog.update();
      assertEquals(
          five,
          db.one(
              "SELECT nodename || ':' || nodeport FROM citus_shards WHERE shardid ="
                  + " get_shard_id_for_distribution_column('public.clicks', 5)"));
      assertEquals(
          Boolean.TRUE,
          db.one(
              "SELECT shardminvalue = shardmaxvalue FROM pg_dist_shard WHERE shardid ="
                  + " get_shard_id_for_distribution_column('public.events', 5)"));
      assertEquals(3000L, db.<Long>one("SELECT count(*) FROM public.events"));
      // From Java: tenant 6 alone in its shard, where it was.
      long six =
          new CitusExt(db.connection())
              .isolateTenant("public", "events", "6", null, null, TransferMode.BLOCK_WRITES);
      assertEquals(
          six, db.<Long>one("SELECT get_shard_id_for_distribution_column('public.events', 6)"));
      assertEquals(
          Boolean.TRUE,
          db.one("SELECT shardminvalue = shardmaxvalue FROM pg_dist_shard WHERE shardid = ?", six));

      // The goal, twice: the second time it finds the tenant isolated and changes nothing.
      MavenBuild build = MavenBuild.of(MavenBuild.testProject("plugin-project"), work);
      MavenBuild.Result again =
          build.runOn(
              scratch,
              "citus:isolateTenant",
              "-Dcitus.table=public.events",
              "-Dcitus.tenant=7",
              "-Dcitus.transferMode=block_writes");
      assertTrue(again.succeeded(), again.output());
      assertTrue(
          again.output().contains("citus:isolateTenant: already isolated: shard "), again.output());
      MavenBuild.Result three =
          build.runOn(
              scratch,
              "citus:isolateTenant",
              "-Dcitus.table=public.events",
              "-Dcitus.tenant=3",
              "-Dcitus.transferMode=block_writes");
      assertTrue(three.succeeded(), three.output());
      assertTrue(
          three
              .output()
              .contains("gave tenant 3 of public.events (and its 1 colocated table(s)) shard "),
          three.output());
      assertEquals(3000L, db.<Long>one("SELECT count(*) FROM public.events"));
    }
  }

  private static TenantMove.Request request(
      TenantMove.Kind kind, String name, String node, TransferMode mode, boolean dryRun) {
    return new TenantMove.Request(kind, name, node, mode, dryRun, QUICK);
  }

  private static String node(Db db, String table) throws Exception {
    return db.one(
        "SELECT nodename || ':' || nodeport FROM citus_shards WHERE table_name = ?::regclass",
        table);
  }

  private static String other(List<String> workers, String node) {
    return workers.stream().filter(w -> !w.equals(node)).findFirst().orElseThrow();
  }
}
