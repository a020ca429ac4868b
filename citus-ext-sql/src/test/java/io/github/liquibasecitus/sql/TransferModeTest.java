package io.github.liquibasecitus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransferModeTest {

  @Test
  void namesAreCitusOwn() {
    assertEquals("auto, force_logical, block_writes", TransferMode.allNames());
    assertEquals(TransferMode.BLOCK_WRITES, TransferMode.fromSqlName("block_writes"));
    assertNull(TransferMode.fromSqlName("BLOCK_WRITES"));
    assertTrue(TransferMode.FORCE_LOGICAL.online());
    assertFalse(TransferMode.BLOCK_WRITES.online());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TransferMode.class)
  void eachModeIsFoundByTheNameItPrints(TransferMode mode) {
    assertEquals(mode.sqlName(), mode.toString());
    assertSame(mode, TransferMode.fromSqlName(mode.toString()));
  }

  @Test
  void autoIsOnline() {
    assertEquals("auto", TransferMode.AUTO.sqlName());
    assertTrue(TransferMode.AUTO.online());
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", " auto", "force-logical", "blockwrites"})
  void anythingElseIsNoMode(String name) {
    assertNull(TransferMode.fromSqlName(name));
  }

  @Test
  void noNameIsNoMode() {
    assertNull(TransferMode.fromSqlName(null));
  }
}
