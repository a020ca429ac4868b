package io.github.liquibasecitus.ext.change;

import static org.junit.jupiter.api.Assertions.assertEquals;

import liquibase.change.Change;
import org.junit.jupiter.api.Test;

/**
 * Checksums of unchanged changesets must not change between releases of this extension, or every
 * user's next update fails validation. These values are pinned: a change here breaks users.
 */
class ChecksumTest {

  private static String checksum(Change change) {
    return change.generateCheckSum().toString();
  }

  @Test
  void checksumsArePinned() {
    DistributeSchemaChange distribute = new DistributeSchemaChange();
    distribute.setSchemaName("user_service");
    distribute.setAuthorization("user_service");

    CreateSingleShardTableChange single = new CreateSingleShardTableChange();
    single.setSchemaName("app");
    single.setTableName("orders");
    single.setTenantId("acme");

    ColocateWithTenantChange colocate = new ColocateWithTenantChange();
    colocate.setTableName("legacy");
    colocate.setTenantId("acme");

    CreateDistributedTableChange distributed = new CreateDistributedTableChange();
    distributed.setTableName("events");
    distributed.setDistributionColumn("tenant");
    distributed.setShardCount(4);

    UndistributeSchemaChange undistributeSchema = new UndistributeSchemaChange();
    undistributeSchema.setSchemaName("user_service");

    CreateReferenceTableChange reference = new CreateReferenceTableChange();
    reference.setSchemaName("app");
    reference.setTableName("countries");

    UndistributeTableChange undistribute = new UndistributeTableChange();
    undistribute.setTableName("notes");
    undistribute.setCascadeViaForeignKeys(true);

    AlterDistributedTableChange alter = new AlterDistributedTableChange();
    alter.setTableName("events");
    alter.setShardCount(8);
    alter.setCascadeToColocated(false);

    assertEquals("9:5fbe64b6fb248fa085834f848504f930", checksum(distribute));
    assertEquals("9:9645cb95f43b3b3cbffea09a24e99f7a", checksum(single));
    assertEquals("9:b714a9774237bb0704c3ab5db2534734", checksum(colocate));
    assertEquals("9:3ae81960d236c254e66252bb3f21d711", checksum(distributed));
    assertEquals("9:986388f30d39f2e799d5ceac68f8b5f5", checksum(undistributeSchema));
    assertEquals("9:d528c7c799ffb835d81f672fce1ebd8a", checksum(reference));
    assertEquals("9:ee4ff4e2589386e5fb807b4f8b984eb8", checksum(undistribute));
    assertEquals("9:e64ddd4d5987891b55f8bd2b77b7e4ba", checksum(alter));
  }
}
