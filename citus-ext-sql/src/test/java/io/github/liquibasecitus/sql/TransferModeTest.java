package io.github.liquibasecitus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransferModeTest {

  @Test
  void namesAreCitusOwn() {
    assertEquals("auto, force_logical, block_writes", TransferMode.allNames());
    assertEquals(TransferMode.BLOCK_WRITES, TransferMode.fromSqlName("block_writes"));
    assertNull(TransferMode.fromSqlName("BLOCK_WRITES"));
    assertTrue(TransferMode.FORCE_LOGICAL.online());
    assertFalse(TransferMode.BLOCK_WRITES.online());
  }
}
