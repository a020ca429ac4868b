package io.github.liquibasecitus.ext.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.liquibasecitus.ext.AbstractCitusChange;
import java.util.List;
import liquibase.database.core.MySQLDatabase;
import liquibase.database.core.PostgresDatabase;
import org.junit.jupiter.api.Test;

/** Each validation message names the change, the attribute and what would be valid. */
class ValidationTest {

  private static List<String> errors(AbstractCitusChange change) {
    return change.validate(new PostgresDatabase()).getErrorMessages();
  }

  @Test
  void missingSchemaName() {
    assertEquals(
        List.of("distributeSchema: schemaName is required"), errors(new DistributeSchemaChange()));
  }

  @Test
  void publicSchemaIsRefusedBeforeRunning() {
    DistributeSchemaChange c = new DistributeSchemaChange();
    c.setSchemaName("public");
    assertEquals(
        List.of(
            "distributeSchema: schemaName 'public' cannot be distributed by Citus; use a schema per service"),
        errors(c));
  }

  @Test
  void tenantIdAndColocateWithAreExclusive() {
    CreateSingleShardTableChange c = new CreateSingleShardTableChange();
    c.setTableName("t");
    c.setTenantId("a");
    c.setColocateWith("u");
    assertEquals(
        List.of("createSingleShardTable: give tenantId or colocateWith, not both"), errors(c));
  }

  @Test
  void missingTableName() {
    assertEquals(
        List.of("createSingleShardTable: tableName is required"),
        errors(new CreateSingleShardTableChange()));
  }

  @Test
  void unknownTransferMode() {
    ColocateWithTenantChange c = new ColocateWithTenantChange();
    c.setTableName("t");
    c.setTenantId("a");
    c.setTransferMode("fast");
    assertEquals(
        List.of(
            "colocateWithTenant: transferMode 'fast' is not one of auto, force_logical, block_writes"),
        errors(c));
  }

  @Test
  void colocateWithTenantNeedsTenant() {
    ColocateWithTenantChange c = new ColocateWithTenantChange();
    c.setTableName("t");
    assertEquals(List.of("colocateWithTenant: tenantId is required"), errors(c));
  }

  @Test
  void moveTenantNeedsOneTenantAndANode() {
    MoveTenantChange neither = new MoveTenantChange();
    assertEquals(
        List.of(
            "moveTenant: give tenantId (a citus_ext tenant) or schemaName (a distributed schema),"
                + " one of them",
            "moveTenant: nodeName is required",
            "moveTenant: nodePort is required"),
        errors(neither));
    MoveTenantChange both = new MoveTenantChange();
    both.setTenantId("acme");
    both.setSchemaName("billing");
    both.setNodeName("w1");
    both.setNodePort(0);
    assertEquals(
        List.of(
            "moveTenant: give tenantId (a citus_ext tenant) or schemaName (a distributed schema),"
                + " one of them",
            "moveTenant: nodePort must be at least 1, not 0"),
        errors(both));
  }

  @Test
  void distributedTableNeedsColumnAndSaneShardCount() {
    CreateDistributedTableChange c = new CreateDistributedTableChange();
    c.setTableName("t");
    c.setShardCount(0);
    assertEquals(
        List.of(
            "createDistributedTable: distributionColumn is required",
            "createDistributedTable: shardCount must be at least 1, not 0"),
        errors(c));
  }

  @Test
  void alterNeedsSomethingToChange() {
    AlterDistributedTableChange c = new AlterDistributedTableChange();
    c.setTableName("t");
    assertEquals(
        List.of(
            "alterDistributedTable: give at least one of distributionColumn, shardCount, colocateWith"),
        errors(c));
  }

  @Test
  void nulCharacterInANameIsRefused() {
    CreateReferenceTableChange c = new CreateReferenceTableChange();
    c.setTableName("a\0b");
    assertEquals(
        List.of("createReferenceTable: tableName must not contain a NUL character"), errors(c));
  }

  @Test
  void namesLongerThan63BytesAreRefusedNotCut() {
    CreateSingleShardTableChange c = new CreateSingleShardTableChange();
    String name = "orders_of_the_tenants_that_signed_up_in_the_first_quarter_of_2026";
    c.setTableName(name);
    c.setSchemaName("app");
    assertEquals(
        List.of(
            "createSingleShardTable: tableName '"
                + name
                + "' is 65 bytes long; PostgreSQL keeps only the first 63 bytes of a name: shorten it"),
        errors(c));
  }

  @Test
  void blankTenantIdIsRefusedLikeAnEmptyOne() {
    CreateSingleShardTableChange single = new CreateSingleShardTableChange();
    single.setTableName("t");
    single.setTenantId("   ");
    assertEquals(
        List.of("createSingleShardTable: tenantId must not be empty or blank"), errors(single));
    ColocateWithTenantChange colocate = new ColocateWithTenantChange();
    colocate.setTableName("t");
    colocate.setTenantId("");
    assertEquals(List.of("colocateWithTenant: tenantId is required"), errors(colocate));
  }

  @Test
  void otherDatabasesAreRefused() {
    CreateReferenceTableChange c = new CreateReferenceTableChange();
    c.setTableName("t");
    assertEquals(
        List.of("createReferenceTable needs PostgreSQL with Citus, not mysql"),
        c.validate(new MySQLDatabase()).getErrorMessages());
  }
}
