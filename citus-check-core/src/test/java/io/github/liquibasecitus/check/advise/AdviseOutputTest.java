package io.github.liquibasecitus.check.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.check.advise.Catalog.ForeignKey;
import io.github.liquibasecitus.check.advise.Catalog.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdviseOutputTest {
  /** A lookup table referenced from two schemas, one of them with a name that needs quoting. */
  private static AdvisePlan plan() {
    Map<String, String> schemas =
        new TreeMap<>(Map.of("lookup", "app", "a", "app", "we\"ird", "app"));
    List<Table> tables =
        List.of(
            new Table(
                "lookup",
                "countries",
                'r',
                2,
                8192,
                null,
                false,
                null,
                List.of("code"),
                List.of("code")),
            new Table("a", "x", 'r', 1, 8192, null, false, null, List.of("id"), List.of("id")),
            new Table(
                "we\"ird", "y", 'r', 1, 8192, null, false, null, List.of("id"), List.of("id")));
    List<ForeignKey> keys =
        List.of(
            new ForeignKey(
                "x_fkey", "a", "x", List.of("c"), "lookup", "countries", List.of("code")),
            new ForeignKey(
                "y_fkey", "we\"ird", "y", List.of("c"), "lookup", "countries", List.of("code")));
    return AdvisePlan.of(
        new Catalog(
            "PostgreSQL 15.20", false, schemas, tables, keys, List.of(), Map.of(), Set.of()),
        AdvisePlan.Options.defaults());
  }

  @Test
  void xmlUsesTheChangeTypesWithTheirRollbacks() {
    String xml = AdviseOutput.xml(plan());
    assertTrue(
        xml.contains(
            "  <changeSet id=\"reference-lookup.countries\" author=\"citus-advise\">\n"
                + "    <comment>lookup.countries: in lookup schema lookup, referenced from a, we&quot;ird</comment>\n"
                + "    <citus:createReferenceTable schemaName=\"lookup\" tableName=\"countries\"/>\n"
                + "    <rollback>\n"
                + "      <citus:undistributeTable schemaName=\"lookup\" tableName=\"countries\" cascadeViaForeignKeys=\"true\"/>\n"
                + "    </rollback>\n"
                + "  </changeSet>\n"),
        xml);
    assertTrue(
        xml.contains(
            "    <citus:distributeSchema schemaName=\"we&quot;ird\"/>\n"
                + "    <rollback>\n"
                + "      <citus:undistributeSchema schemaName=\"we&quot;ird\"/>\n"
                + "    </rollback>\n"),
        xml);
    assertTrue(xml.indexOf("reference-lookup.countries") < xml.indexOf("distribute-a"), xml);
  }

  @Test
  void yamlSaysTheSame() {
    String yaml = AdviseOutput.yaml(plan());
    assertTrue(
        yaml.contains(
            "  - changeSet:\n"
                + "      id: \"distribute-we\\\"ird\"\n"
                + "      author: citus-advise\n"
                + "      comment: \"we\\\"ird: foreign keys stay inside or point to reference tables (lookup.countries); no triggers\"\n"
                + "      changes:\n"
                + "        - distributeSchema:\n"
                + "              schemaName: \"we\\\"ird\"\n"
                + "      rollback:\n"
                + "        - undistributeSchema:\n"
                + "              schemaName: \"we\\\"ird\"\n"),
        yaml);
  }

  @Test
  void flywayMigrationsCallTheLibraryWithQuotedNamesAndHaveTheirUndo(@TempDir Path dir)
      throws Exception {
    AdviseOutput.Written written =
        AdviseOutput.write(plan(), AdviseOutput.Format.FLYWAY, "1000", dir);
    assertEquals(
        List.of(
            "V1000_1__citus_reference_lookup_countries.sql",
            "V1000_2__citus_distribute_a.sql",
            "V1000_3__citus_distribute_we_ird.sql"),
        written.migrations().stream().map(p -> p.getFileName().toString()).toList());
    String third = Files.readString(written.migrations().get(2));
    assertTrue(
        third.endsWith(
            "SELECT citus_ext.distribute_schema('\"we\"\"ird\"'::pg_catalog.regnamespace);\n"),
        third);
    assertEquals(
        "-- Undoes the reference table lookup.countries\n"
            + "SELECT citus_ext.undistribute_table('\"lookup\".\"countries\"'::pg_catalog.regclass,"
            + " cascade_via_foreign_keys => true);\n",
        Files.readString(
            dir.resolve("db/migration/U1000_1__citus_reference_lookup_countries.sql")));
    assertTrue(Files.readString(written.json()).contains("\"document\" : \"advise\""));
    assertTrue(
        Files.readString(written.report()).startsWith("citus:advise plan for PostgreSQL 15.20\n"));
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AdviseOutput.Format.parse("citus.advise.changelogFormat", "json"));
    assertEquals(
        "citus.advise.changelogFormat is 'json': give xml, yaml or flyway", e.getMessage());
  }
}
