package io.github.liquibasecitus.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScratchDatabaseTest {
  @Test
  void theUrlNamesTheScratchDatabaseAndKeepsItsParameters() {
    assertEquals(
        "jdbc:postgresql://c:5432/scratch_1",
        ScratchDatabase.withDatabase("jdbc:postgresql://c:5432/app", "scratch_1"));
    assertEquals(
        "jdbc:postgresql://c:5432/scratch_1?sslmode=require&currentSchema=x",
        ScratchDatabase.withDatabase(
            "jdbc:postgresql://c:5432/app?sslmode=require&currentSchema=x", "scratch_1"));
    assertEquals(
        "jdbc:postgresql://a:1,b:2/scratch_1?targetServerType=primary",
        ScratchDatabase.withDatabase(
            "jdbc:postgresql://a:1,b:2/app?targetServerType=primary", "scratch_1"));
    assertEquals(
        "jdbc:postgresql://c/scratch_1",
        ScratchDatabase.withDatabase("jdbc:postgresql://c", "scratch_1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScratchDatabase.withDatabase("jdbc:mysql://c/app", "scratch_1"));
  }
}
