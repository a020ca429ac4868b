package io.github.liquibasecitus.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScratchDatabaseTest {
  @Test
  void theUrlNamesTheScratchDatabaseAndKeepsItsParameters() {
    assertEquals(
        "jdbc:postgresql://c:5432/scratch_1",
        JdbcUrl.parse("jdbc:postgresql://c:5432/app").withDatabase("scratch_1"));
    assertEquals(
        "jdbc:postgresql://c:5432/scratch_1?sslmode=require&currentSchema=x",
        JdbcUrl.parse("jdbc:postgresql://c:5432/app?sslmode=require&currentSchema=x")
            .withDatabase("scratch_1"));
    assertEquals(
        "jdbc:postgresql://a:1,b:2/scratch_1?targetServerType=primary",
        JdbcUrl.parse("jdbc:postgresql://a:1,b:2/app?targetServerType=primary")
            .withDatabase("scratch_1"));
    assertEquals(
        "jdbc:postgresql://c:5432/scratch_1",
        JdbcUrl.parse("jdbc:postgresql://c/app").withDatabase("scratch_1"));
  }

  @Test
  void thePeoplesFormHasNoParameters() {
    assertEquals(
        "a:1,b:2/app",
        JdbcUrl.parse("jdbc:postgresql://a:1,b:2/app?password=s3cret&ssl=true").shortForm());
    assertEquals("[::1]:5432/app", JdbcUrl.parse("jdbc:postgresql://[::1]:5432/app").shortForm());
    assertEquals(
        "db:5432,db2:5433/app",
        JdbcUrl.parse("jdbc:postgresql://bob:s3cret@db:5432,x:y@db2:5433/app").shortForm());
    assertEquals(
        "db:5432/app", JdbcUrl.parse("jdbc:postgresql://bob:s3cret@db:5432/app").shortForm());
  }

  @Test
  void whatPgJdbcWouldNotConnectToIsRefusedWithoutItsParameters() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JdbcUrl.parse("jdbc:mysql://c/app?password=s3cret"));
    assertEquals(
        "'jdbc:mysql://c/app?...' is not a PostgreSQL JDBC URL: expected"
            + " jdbc:postgresql://host:port/database",
        e.getMessage());
  }
}
