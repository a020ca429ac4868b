package io.github.liquibasecitus.flyway;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.configuration.Configuration;

/**
 * A JDBC connection made of proxies, no database behind it: it answers queries from a script and
 * records every SQL text it is sent (prepared or executed) and every transaction call. Any JDBC
 * method the code under test was not expected to call fails the test.
 */
final class FakeJdbc {

  /** The rows of a query (or of an executed statement, ignored); throw to make it fail. */
  @FunctionalInterface
  interface Answers {
    List<List<Object>> rows(String sql) throws SQLException;
  }

  /** Every SQL text sent, in order. */
  final List<String> sent = new ArrayList<>();

  /** The transaction calls, in order: {@code setAutoCommit(false)}, {@code commit}, ... */
  final List<String> transactions = new ArrayList<>();

  private final String product;
  private final Answers answers;
  private boolean autoCommit = true;

  FakeJdbc(String product, Answers answers) {
    this.product = product;
    this.answers = answers;
  }

  /** One row of values (boxed; null allowed). */
  static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  Connection connection() {
    return proxy(
        Connection.class,
        (method, args) ->
            switch (method) {
              case "getMetaData" ->
                  proxy(
                      DatabaseMetaData.class,
                      (m, a) -> {
                        if (m.equals("getDatabaseProductName")) {
                          return product;
                        }
                        throw new UnsupportedOperationException("DatabaseMetaData." + m);
                      });
              case "prepareStatement" -> prepared((String) args[0]);
              case "createStatement" -> statement();
              case "getAutoCommit" -> autoCommit;
              case "setAutoCommit" -> {
                autoCommit = (Boolean) args[0];
                transactions.add("setAutoCommit(" + autoCommit + ")");
                yield null;
              }
              case "commit", "rollback" -> {
                transactions.add(method);
                yield null;
              }
              case "close" -> null;
              case "isClosed" -> false;
              default -> throw new UnsupportedOperationException("Connection." + method);
            });
  }

  private PreparedStatement prepared(String sql) {
    sent.add(sql);
    return proxy(
        PreparedStatement.class,
        (method, args) ->
            switch (method) {
              case "setString", "setInt", "setObject", "close" -> null;
              case "executeQuery" -> resultSet(answers.rows(sql));
              default -> throw new UnsupportedOperationException("PreparedStatement." + method);
            });
  }

  private Statement statement() {
    return proxy(
        Statement.class,
        (method, args) ->
            switch (method) {
              case "execute" -> {
                String sql = (String) args[0];
                sent.add(sql);
                answers.rows(sql);
                yield false;
              }
              case "executeQuery" -> {
                String sql = (String) args[0];
                sent.add(sql);
                yield resultSet(answers.rows(sql));
              }
              case "close" -> null;
              default -> throw new UnsupportedOperationException("Statement." + method);
            });
  }

  private static ResultSet resultSet(List<List<Object>> rows) {
    int[] at = {-1};
    return proxy(
        ResultSet.class,
        (method, args) -> {
          if (method.equals("next")) {
            return ++at[0] < rows.size();
          }
          if (method.equals("close")) {
            return null;
          }
          Object value = rows.get(at[0]).get((Integer) args[0] - 1);
          return switch (method) {
            case "getString" -> value == null ? null : value.toString();
            case "getBoolean" -> value != null && (Boolean) value;
            case "getLong" -> value == null ? 0L : ((Number) value).longValue();
            case "getInt" -> value == null ? 0 : ((Number) value).intValue();
            default -> throw new UnsupportedOperationException("ResultSet." + method);
          };
        });
  }

  /** A connection that fails the test whatever is called on it. */
  static Connection untouchable() {
    return proxy(
        Connection.class,
        (method, args) -> {
          throw new AssertionError("the connection was used: Connection." + method);
        });
  }

  /** A callback's context: Flyway's placeholders and the migration's connection. */
  static org.flywaydb.core.api.callback.Context callbackContext(
      Map<String, String> placeholders, Connection connection) {
    return proxy(
        org.flywaydb.core.api.callback.Context.class,
        (method, args) ->
            switch (method) {
              case "getConfiguration" -> configuration(placeholders);
              case "getConnection" -> connection;
              default -> throw new UnsupportedOperationException("Context." + method);
            });
  }

  /** A Java migration's context. */
  static org.flywaydb.core.api.migration.Context migrationContext(Connection connection) {
    return proxy(
        org.flywaydb.core.api.migration.Context.class,
        (method, args) ->
            switch (method) {
              case "getConnection" -> connection;
              default -> throw new UnsupportedOperationException("Context." + method);
            });
  }

  private static Configuration configuration(Map<String, String> placeholders) {
    return proxy(
        Configuration.class,
        (method, args) -> {
          if (method.equals("getPlaceholders")) {
            return placeholders;
          }
          throw new UnsupportedOperationException("Configuration." + method);
        });
  }

  /** What a proxy does for a method of its interface, by name. */
  @FunctionalInterface
  private interface Handler {
    Object invoke(String method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Handler handler) {
    InvocationHandler h =
        (proxy, method, args) ->
            switch (method.getName()) {
              case "toString" -> "fake " + type.getSimpleName();
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> handler.invoke(method.getName(), args);
            };
    return type.cast(
        Proxy.newProxyInstance(FakeJdbc.class.getClassLoader(), new Class<?>[] {type}, h));
  }
}
