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

    assertEquals("9:5fbe64b6fb248fa085834f848504f930", checksum(distribute));
    assertEquals("9:9645cb95f43b3b3cbffea09a24e99f7a", checksum(single));
    assertEquals("9:b714a9774237bb0704c3ab5db2534734", checksum(colocate));
    assertEquals("9:3ae81960d236c254e66252bb3f21d711", checksum(distributed));
  }
}
