package io.github.liquibasecitus.ext.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.sql.TransferMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.exception.ChangeLogParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example changelog and the all-changes changelogs (XML validated against the XSD, YAML,
 * JSON) parse into the expected changes and preconditions, without a database.
 */
class ChangeLogParseTest {
  private static final Path CHANGELOGS = Path.of("src/test/resources/changelogs");
  private static final Path EXAMPLES = ParsedChangeLogs.REPO.resolve("examples");
  private static final Path XSD =
      Path.of("src/main/resources/liquibase-citus.github.io/xml/ns/citus/liquibase-citus-0.1.xsd");

  private static List<String> parsed(Path root, String file, Map<String, String> params)
      throws Exception {
    return ParsedChangeLogs.describe(ParsedChangeLogs.parse(root, file, params));
  }

  @ParameterizedTest
  @ValueSource(strings = {"all-changes.xml", "all-changes.yaml", "all-changes.json"})
  void allChangesInEveryFormat(String file) throws Exception {
    assertEquals(
        List.of(
            "1-tables: sql, createTable, createTable, createTable, createTable, createTable,"
                + " createTable",
            "2-distribute: distributeSchema(schemaName=svc), createDistributedTable(colocateWith=none"
                + " distributionColumn=tenant schemaName=app shardCount=4 tableName=events),"
                + " createReferenceTable(schemaName=app tableName=countries),"
                + " createSingleShardTable(schemaName=app tableName=orders tenantId=t'1),"
                + " createSingleShardTable(colocateWith=orders schemaName=app tableName=invoices),"
                + " createSingleShardTable(schemaName=app tableName=legacy)",
            "3-checks: ?citusInstalled(minVersion=12.0), ?schemaDistributed(schemaName=svc),"
                + " ?tableDistributed(kind=hash schemaName=app tableName=events),"
                + " ?tableDistributed(kind=reference schemaName=app tableName=countries),"
                + " ?tableDistributed(kind=single_shard schemaName=app tableName=orders),"
                + " ?tablesColocated(otherTableName=invoices schemaName=app tableName=orders),"
                + " ?tenantPlaced(schemaName=app tableName=invoices tenantId=t'1),"
                + " alterDistributedTable(schemaName=app shardCount=8 tableName=events)",
            "4-join-tenant: colocateWithTenant(schemaName=app tableName=legacy tenantId=t'1)",
            "5-local-again: createSingleShardTable(schemaName=app tableName=notes),"
                + " undistributeTable(schemaName=app tableName=notes)"),
        parsed(CHANGELOGS, file, Map.of("app", "app", "svc", "svc", "tenant", "t'1")));
  }

  @Test
  void microservicesExample() throws Exception {
    assertEquals(
        List.of(
            "citus: ?citusInstalled(minVersion=12.1)",
            "user-service-role: ?sqlCheck, sql",
            "user-service-schema: distributeSchema(authorization=user_service"
                + " schemaName=user_service)",
            "time-service-role: ?sqlCheck, sql",
            "time-service-schema: distributeSchema(authorization=time_service"
                + " schemaName=time_service)",
            "ping-service-role: ?sqlCheck, sql",
            "ping-service-schema: distributeSchema(authorization=ping_service"
                + " schemaName=ping_service)"),
        parsed(EXAMPLES, "microservices/db/cluster.xml", Map.of()));
    for (String service : List.of("user", "time", "ping")) {
      assertEquals(
          List.of(
              service
                  + "-service-tables: ?schemaDistributed(schemaName="
                  + service
                  + "_service), createTable"),
          parsed(EXAMPLES, "microservices/db/" + service + "-service.xml", Map.of()));
    }
  }

  @Test
  void multiTenantExample() throws Exception {
    assertEquals(
        List.of(
            "schema: ?citusInstalled(minVersion=12.1), sql",
            "acme-tables: createTable, createSingleShardTable(schemaName=tenant_data"
                + " tableName=acme_orders tenantId=acme), createTable,"
                + " createSingleShardTable(schemaName=tenant_data tableName=acme_customers"
                + " tenantId=acme)",
            "globex-tables: createTable, createSingleShardTable(schemaName=tenant_data"
                + " tableName=globex_sensors tenantId=globex), createTable,"
                + " createSingleShardTable(schemaName=tenant_data tableName=globex_readings"
                + " tenantId=globex)",
            "initech-tables: createTable, createSingleShardTable(schemaName=tenant_data"
                + " tableName=initech_tps_reports tenantId=initech)",
            "acme-legacy-table: createTable, createSingleShardTable(schemaName=tenant_data"
                + " tableName=acme_legacy_notes)",
            "acme-legacy-table-joins-acme: colocateWithTenant(schemaName=tenant_data"
                + " tableName=acme_legacy_notes tenantId=acme)"),
        parsed(EXAMPLES, "multi-tenant/db/tenants.xml", Map.of()));
  }

  @Test
  void theXsdRefusesWhatTheChangeWouldRefuse(@TempDir Path dir) throws Exception {
    String xml =
        Files.readString(CHANGELOGS.resolve("all-changes.xml"))
            .replace(
                "<citus:createReferenceTable schemaName=\"${app}\" tableName=\"countries\"/>",
                "<citus:createReferenceTable schemaName=\"${app}\" tableName=\"countries\""
                    + " tenant=\"acme\"/>");
    Files.writeString(dir.resolve("bad.xml"), xml);
    ChangeLogParseException e =
        assertThrows(
            ChangeLogParseException.class,
            () -> ParsedChangeLogs.parse(dir, "bad.xml", Map.of("app", "a", "svc", "s")));
    assertTrue(e.getMessage().contains("tenant"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yaml", "json"})
  void anUnknownAttributeIsRefusedInYamlAndJson(String format, @TempDir Path dir) throws Exception {
    String text =
        Files.readString(CHANGELOGS.resolve("all-changes." + format))
            .replace("tenantId: \"${tenant}\"}", "tenant: \"${tenant}\"}")
            .replace("\"tenantId\": \"${tenant}\"", "\"tenant\": \"${tenant}\"");
    Files.writeString(dir.resolve("bad." + format), text);
    ChangeLogParseException e =
        assertThrows(
            ChangeLogParseException.class,
            () ->
                ParsedChangeLogs.parse(
                    dir, "bad." + format, Map.of("app", "a", "svc", "s", "tenant", "t")));
    assertTrue(
        e.getMessage()
            .contains(
                "createSingleShardTable has no attribute 'tenant': use one of colocateWith,"
                    + " colocateWithSchemaName, schemaName, tableName, tenantId"),
        e.getMessage());
  }

  @Test
  void anUnknownAttributeOfAPreconditionIsRefused(@TempDir Path dir) throws Exception {
    String text =
        Files.readString(CHANGELOGS.resolve("all-changes.yaml"))
            .replace(
                "citusInstalled: {minVersion: \"12.0\"}", "citusInstalled: {minimum: \"12.0\"}");
    Files.writeString(dir.resolve("bad.yaml"), text);
    ChangeLogParseException e =
        assertThrows(
            ChangeLogParseException.class,
            () -> ParsedChangeLogs.parse(dir, "bad.yaml", Map.of("app", "a", "svc", "s")));
    assertTrue(
        e.getMessage().contains("citusInstalled has no attribute 'minimum': use one of minVersion"),
        e.getMessage());
  }

  @Test
  void theXsdListsTheTransferModesOfTheCode() throws Exception {
    String xsd = Files.readString(XSD);
    String type = xsd.substring(xsd.indexOf("<xsd:simpleType name=\"transferMode\">"));
    type = type.substring(0, type.indexOf("<xsd:simpleType name=\"tableKind\">"));
    Matcher m = Pattern.compile("<xsd:enumeration value=\"(\\w+)\"/>").matcher(type);
    List<String> inXsd = m.results().map(r -> r.group(1)).toList();
    assertEquals(Arrays.stream(TransferMode.values()).map(TransferMode::sqlName).toList(), inXsd);
  }
}
