package io.github.liquibasecitus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Names and tenant ids CitusExt refuses, with its message, before it uses the connection. */
class CitusExtArgumentsTest {

  /** A call of CitusExt. */
  @FunctionalInterface
  interface Call {
    void on(CitusExt citus) throws SQLException;
  }

  /** A connection that fails the test whatever is called on it. */
  private static final Connection UNTOUCHABLE =
      (Connection)
          Proxy.newProxyInstance(
              CitusExtArgumentsTest.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                throw new AssertionError("the connection was used: " + method.getName());
              });

  static Stream<Arguments> refusals() {
    String long64 = "t".repeat(64);
    return Stream.of(
        refusal("no schema", c -> c.distributeSchema(null), "a schema name is required"),
        refusal("an empty schema", c -> c.undistributeSchema(""), "a schema name is required"),
        refusal(
            "a schema with a NUL",
            c -> c.distributeSchema("a\0b", "owner"),
            "schema name 'a\0b' must not contain a NUL character"),
        refusal("no table", c -> c.createReferenceTable("app", null), "a table name is required"),
        refusal(
            "a table name of 64 bytes",
            c -> c.undistributeTable("app", long64),
            "table name '"
                + long64
                + "' is 64 bytes long; PostgreSQL keeps only the first 63"
                + " bytes of a name: shorten it"),
        refusal(
            "an empty schema of a table",
            c -> c.createReferenceTable("", "countries"),
            "a schema name is required"),
        refusal(
            "no tenant",
            c -> c.createSingleShardTable("app", "orders", null),
            "a tenant id is required: any text that names the tenant, e.g. its customer id"),
        refusal(
            "a blank tenant for a move",
            c -> c.colocateWithTenant("app", "orders", " \t", TransferMode.BLOCK_WRITES),
            "a tenant id is required: any text that names the tenant, e.g. its customer id"),
        refusal(
            "no distribution column",
            c -> c.createDistributedTable("app", "events", ""),
            "a column name is required"),
        refusal(
            "an empty table to colocate with",
            c -> c.createDistributedTable("app", "events", "tenant_id", "app", "", null),
            "a table name is required"),
        refusal(
            "an empty new distribution column",
            c -> c.alterDistributedTable("app", "events", "", null, null, null, null),
            "a column name is required"),
        refusal(
            "an empty table of the other table's group",
            c -> c.createSingleShardTableColocatedWith("app", "notes", "app", ""),
            "a table name is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusedBeforeTheConnectionIsUsed(String description, Call call, String message) {
    CitusExt citus = new CitusExt(UNTOUCHABLE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.on(citus));
    assertEquals(message, e.getMessage());
  }

  private static Arguments refusal(String description, Call call, String message) {
    return Arguments.of(description, call, message);
  }
}
