package io.github.liquibasecitus.check.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.check.advise.AdvisePlan.Outcome;
import io.github.liquibasecitus.check.advise.Catalog.ForeignKey;
import io.github.liquibasecitus.check.advise.Catalog.Table;
import io.github.liquibasecitus.check.advise.Catalog.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdvisePlanTest {
  private final Map<String, String> schemas = new LinkedHashMap<>();
  private final List<Table> tables = new ArrayList<>();
  private final List<ForeignKey> keys = new ArrayList<>();
  private final List<Trigger> triggers = new ArrayList<>();
  private final Map<String, String> extensions = new LinkedHashMap<>();

  private void table(String qualified, long rows, String... primaryKey) {
    String[] n = qualified.split("\\.");
    schemas.putIfAbsent(n[0], "app");
    tables.add(
        new Table(
            n[0],
            n[1],
            'r',
            rows,
            rows * 100,
            null,
            false,
            null,
            List.of(primaryKey),
            List.of(primaryKey)));
  }

  private void fk(String name, String from, String to, String... columns) {
    String[] f = from.split("\\.");
    String[] t = to.split("\\.");
    keys.add(new ForeignKey(name, f[0], f[1], List.of(columns), t[0], t[1], List.of(columns)));
  }

  private AdvisePlan plan(AdvisePlan.Options options) {
    return AdvisePlan.of(
        new Catalog(
            "PostgreSQL 15",
            false,
            new java.util.TreeMap<>(schemas),
            tables,
            keys,
            triggers,
            extensions,
            Set.of()),
        options);
  }

  private AdvisePlan plan() {
    return plan(AdvisePlan.Options.defaults());
  }

  /** The sample of the docs page: three services, a lookup schema, public. */
  private void sample() {
    table("lookup.countries", 250, "code");
    table("lookup.currencies", 30, "code");
    table("lookup.regions", 900, "id");
    fk("regions_country_fkey", "lookup.regions", "lookup.countries", "country");
    table("user_service.users", 5000, "id");
    table("user_service.logins", 90000, "id");
    fk("users_country_fkey", "user_service.users", "lookup.countries", "country");
    fk("logins_user_id_fkey", "user_service.logins", "user_service.users", "user_id");
    table("time_service.zones", 40, "id");
    table("time_service.prices", 10, "id");
    fk("zones_country_fkey", "time_service.zones", "lookup.countries", "country");
    fk("prices_currency_fkey", "time_service.prices", "lookup.currencies", "currency");
    triggers.add(new Trigger("time_service", "prices", "prices_touch"));
    table("ping_service.pings", 10, "id");
    table("public.reports", 10, "id");
    fk("reports_ping_id_fkey", "public.reports", "ping_service.pings", "ping_id");
  }

  private Map<String, Outcome> outcomes(AdvisePlan plan) {
    Map<String, Outcome> out = new LinkedHashMap<>();
    plan.schemas().forEach(s -> out.put(s.schema(), s.outcome()));
    return out;
  }

  @Test
  void theSampleGetsReferenceTablesOneDistributedSchemaAndTwoNamedBlockers() {
    sample();
    AdvisePlan plan = plan();
    assertEquals(
        List.of("lookup.countries", "lookup.currencies", "lookup.regions"),
        plan.references().stream().map(r -> r.table().qualified()).toList());
    assertEquals(
        "in lookup schema lookup, referenced from time_service, user_service",
        plan.references().get(0).reason());
    assertEquals(
        Map.of(
            "lookup", Outcome.REFERENCE_TABLES,
            "ping_service", Outcome.BLOCKED,
            "public", Outcome.STAYS,
            "time_service", Outcome.BLOCKED,
            "user_service", Outcome.DISTRIBUTE),
        outcomes(plan));
    AdvisePlan.SchemaDecision ping = plan.blocked().get(0);
    assertEquals("ping_service", ping.schema());
    assertEquals(
        "foreign key reports_ping_id_fkey from public.reports to ping_service.pings",
        ping.blockers().get(0).object());
    assertEquals(
        "cannot create foreign keys to tables in a distributed schema from another schema",
        ping.blockers().get(0).citusSays());
    AdvisePlan.SchemaDecision time = plan.blocked().get(1);
    assertEquals(
        "cannot distribute relation \"prices\" because it has triggers",
        time.blockers().get(0).citusSays());
    assertEquals(
        "foreign keys stay inside or point to reference tables (lookup.countries); no triggers",
        plan.toDistribute().get(0).reason());
    assertEquals(
        List.of(
            "reference-lookup.countries",
            "reference-lookup.currencies",
            "reference-lookup.regions",
            "distribute-user_service"),
        AdviseOutput.changeSetIds(plan));
  }

  @Test
  void aSchemaReferencedFromOnlyOneOtherIsNoLookupAndTheKeyBlocksBothWithTheChoices() {
    table("orders.orders", 10, "id");
    table("users.users", 10, "id");
    fk("orders_user_fkey", "orders.orders", "users.users", "user_id");
    AdvisePlan plan = plan();
    assertEquals(List.of(), plan.references());
    assertEquals(Map.of("orders", Outcome.BLOCKED, "users", Outcome.BLOCKED), outcomes(plan));
    AdvisePlan.Blocker out = plan.blocked().get(0).blockers().get(0);
    assertEquals(
        "foreign keys from distributed schemas can only point to the same distributed schema or"
            + " reference tables in regular schemas",
        out.citusSays());
    assertEquals(
        List.of(
            "make users.users a reference table (10 rows, 1000 bytes, copied to every node): add it"
                + " to referenceTables; users then stays regular",
            "drop orders_user_fkey and keep the rule in the application",
            "move users.users into orders if only orders uses it"),
        out.choices());

    // The team takes the first choice.
    AdvisePlan chosen =
        plan(new AdvisePlan.Options(100_000, 1L << 30, 2, Set.of("users.users"), Set.of()));
    assertEquals("named in referenceTables", chosen.references().get(0).reason());
    assertEquals(
        Map.of("orders", Outcome.DISTRIBUTE, "users", Outcome.REFERENCE_TABLES), outcomes(chosen));
  }

  @Test
  void aBigOrTriggeredLookupTableKeepsItsSchemaFromBecomingReferenceTables() {
    table("lookup.countries", 250, "code");
    table("lookup.events", 5_000_000, "id");
    table("a.x", 1, "id");
    table("b.y", 1, "id");
    fk("x_fkey", "a.x", "lookup.countries", "code");
    fk("y_fkey", "b.y", "lookup.countries", "code");
    AdvisePlan plan = plan();
    assertEquals(List.of(), plan.references());
    assertTrue(
        plan.blocked()
            .get(0)
            .blockers()
            .get(0)
            .choices()
            .get(0)
            .startsWith("make lookup.countries a reference table"),
        plan.blocked().get(0).blockers().get(0).choices().toString());
  }

  @Test
  void aReferenceTableTakesWhatItReferencesAlongOrIsDropped() {
    table("lookup.countries", 250, "code");
    table("a.x", 1, "id");
    table("b.y", 1, "id");
    table("geo.continents", 7, "code");
    fk("x_fkey", "a.x", "lookup.countries", "code");
    fk("y_fkey", "b.y", "lookup.countries", "code");
    fk("continent_fkey", "lookup.countries", "geo.continents", "code");
    AdvisePlan plan = plan();
    assertEquals(
        List.of("geo.continents", "lookup.countries"),
        plan.references().stream().map(r -> r.table().qualified()).toList());
    assertEquals(
        "referenced by reference table lookup.countries (continent_fkey)",
        plan.references().get(0).reason());

    triggers.add(new Trigger("geo", "continents", "audit"));
    AdvisePlan dropped = plan();
    assertEquals(List.of(), dropped.references());
  }

  @Test
  void publicExtensionsInheritanceAndExcludedSchemasAreNamed() {
    table("public.t", 1, "id");
    table("ext.t", 1, "id");
    extensions.put("ext", "pg_trgm");
    table("inh.parent", 1, "id");
    tables.add(
        new Table("inh", "child", 'r', 1, 1, "inh.parent", false, null, List.of("id"), List.of()));
    table("skip.t", 1, "id");
    schemas.put("empty", "app");
    AdvisePlan plan = plan(new AdvisePlan.Options(100_000, 1L << 30, 2, Set.of(), Set.of("skip")));
    assertEquals(
        Map.of(
            "empty", Outcome.STAYS,
            "ext", Outcome.BLOCKED,
            "inh", Outcome.BLOCKED,
            "public", Outcome.STAYS,
            "skip", Outcome.STAYS),
        outcomes(plan));
    assertEquals(
        "schema ext cannot be distributed since it is the schema of extension pg_trgm",
        plan.blocked().get(0).blockers().get(0).citusSays());
    assertEquals(
        "tables in a distributed schema cannot inherit or be inherited",
        plan.blocked().get(1).blockers().get(0).citusSays());
  }

  @Test
  void tablesSharingATenantColumnInTheirKeysAreNamedAsAnAlternative() {
    table("shop.orders", 10, "tenant_id", "id");
    table("shop.items", 10, "tenant_id", "id");
    table("shop.settings", 10, "id");
    fk("items_order_fkey", "shop.items", "shop.orders", "tenant_id", "order_id");
    AdvisePlan plan = plan();
    assertEquals(
        List.of(new AdvisePlan.TenantColumn("tenant_id", List.of("shop.items", "shop.orders"))),
        plan.schemas().get(0).tenantColumns());
    assertTrue(
        plan.lines()
            .contains(
                "  - could instead be hash-distributed by tenant_id and colocated: shop.items,"
                    + " shop.orders (each has tenant_id in its primary key, and their foreign keys"
                    + " include it)"),
        String.join("\n", plan.lines()));
  }

  @Test
  void onCitusWhatIsDistributedAlreadyIsNamedAndNotPlannedAgain() {
    sample();
    tables.replaceAll(
        t ->
            t.schema().equals("lookup")
                ? new Table(
                    t.schema(),
                    t.name(),
                    'r',
                    t.rows(),
                    t.bytes(),
                    null,
                    false,
                    "reference",
                    t.columns(),
                    t.primaryKey())
                : t);
    AdvisePlan plan =
        AdvisePlan.of(
            new Catalog(
                "PostgreSQL 15, Citus 13.2",
                true,
                new java.util.TreeMap<>(schemas),
                tables,
                keys,
                triggers,
                extensions,
                Set.of("user_service")),
            AdvisePlan.Options.defaults());
    assertEquals(List.of(), plan.references());
    assertEquals(List.of(), AdviseOutput.changeSetIds(plan));
    assertEquals(Outcome.ALREADY_DISTRIBUTED, outcomes(plan).get("user_service"));
    assertEquals(Outcome.REFERENCE_TABLES, outcomes(plan).get("lookup"));
    assertEquals(
        "3 table(s) are reference tables already; the schema stays regular (Citus keeps reference"
            + " tables out of distributed schemas)",
        plan.schemas().get(0).reason());
  }

  @Test
  void aReferenceTableDoesNotPullInABigTableAndANamedOneThatCannotBeIsReported() {
    table("lookup.countries", 250, "code");
    table("a.x", 1, "id");
    table("b.y", 1, "id");
    table("people.users", 10_000_000, "id");
    fk("x_fkey", "a.x", "lookup.countries", "code");
    fk("y_fkey", "b.y", "lookup.countries", "code");
    fk("owner_fkey", "lookup.countries", "people.users", "owner");
    table("audit.events", 10, "id");
    triggers.add(new Trigger("audit", "events", "stamp"));
    AdvisePlan plan =
        plan(
            new AdvisePlan.Options(
                100_000, 1L << 30, 2, Set.of("audit.events", "nope.t"), Set.of()));
    assertEquals(List.of(), plan.references());
    assertEquals(
        Map.of("audit.events", "has trigger(s) stamp", "nope.t", "no such table"),
        plan.notReference());
    assertTrue(
        plan.blocked().stream()
            .anyMatch(
                s ->
                    s.blockers().stream()
                        .anyMatch(
                            b ->
                                b.choices()
                                    .get(0)
                                    .equals(
                                        "lookup.countries cannot become a reference table: it"
                                            + " references people.users (owner_fkey), which cannot"
                                            + " be a reference table: 10000000 rows, above"
                                            + " referenceMaxRows 100000"))),
        String.join("\n", plan.lines()));
  }

  @Test
  void aParentWhosePartitionLivesInAnotherSchemaIsBlockedToo() {
    schemas.put("p", "app");
    schemas.put("q", "app");
    tables.add(new Table("p", "m", 'p', 0, 0, null, false, null, List.of("id"), List.of()));
    tables.add(new Table("q", "m1", 'r', 0, 0, "p.m", true, null, List.of("id"), List.of()));
    AdvisePlan plan = plan();
    assertEquals(Map.of("p", Outcome.BLOCKED, "q", Outcome.BLOCKED), outcomes(plan));
    assertEquals(
        "partitioning within a distributed schema is not supported when the parent and the child"
            + " are in different schemas",
        plan.blocked().get(0).blockers().get(0).citusSays());
  }
}
