package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import io.github.liquibasecitus.cluster.junit.TestNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A changeset Citus refuses fails with what to do, is not recorded, and runs on the next update.
 */
@CitusTest
class RefusedChangeSetIT {

  @Test
  void refusedChangeSetIsNotRecordedAndIsRetried(CitusCluster cluster) throws Exception {
    String schema = TestNames.unique("billing");
    LiquibaseRun run =
        LiquibaseRun.of(cluster, "src-it/src/test/resources/changelogs/refused.xml")
            .param("schema", schema);
    Exception refused = null;
    try {
      run.update();
    } catch (Exception e) {
      refused = e;
    }
    String message = MicroservicesTutorialIT.rootMessage(refused);
    assertTrue(
        message.contains(
            "schema "
                + schema
                + " has reference table "
                + schema
                + ".currencies, which Citus cannot put in a distributed schema"),
        message);
    assertTrue(message.contains("Move " + schema + ".currencies out of the schema"), message);

    try (Db db = Db.connect(cluster)) {
      assertEquals(
          List.of(List.of("tables")),
          db.rows(
              "SELECT id FROM "
                  + run.changelogTable()
                  + " WHERE filename LIKE '%refused.xml' AND id IN ('tables', 'distribute') AND md5sum IS NOT NULL AND exectype = 'EXECUTED' AND comments = ? ORDER BY orderexecuted",
              schema),
          "only the changeset that worked is recorded");
      assertEquals(
          "local", db.one("SELECT citus_ext.table_kind(?::regclass)", schema + ".invoices"));

      // The fix the message names, then the same update again.
      db.exec("ALTER TABLE " + schema + ".currencies SET SCHEMA public");
      db.exec("ALTER TABLE public.currencies RENAME TO currencies_" + schema);
    }
    run.update();
    try (Db db = Db.connect(cluster)) {
      assertEquals(
          "schema", db.one("SELECT citus_ext.table_kind(?::regclass)", schema + ".invoices"));
      assertEquals(
          2L,
          db.<Long>one(
              "SELECT count(*) FROM "
                  + run.changelogTable()
                  + " WHERE filename LIKE '%refused.xml' AND comments = ?",
              schema));
    }
  }
}
