package io.github.liquibasecitus.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * A PostgreSQL JDBC URL as pgJDBC reads it (hosts and ports, database), with its query string kept
 * as written: the short form people see ({@code host:port/db}, never a parameter, so never a
 * password), and the same URL for another database.
 */
public record JdbcUrl(String hosts, String database, String query) {

  /** Reads {@code url} with pgJDBC's own parser; refuses what pgJDBC would not connect to. */
  public static JdbcUrl parse(String url) {
    Properties parsed = url == null ? null : Driver.parseURL(url, null);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "'"
              + (url == null ? null : url.replaceFirst("\\?.*", "?..."))
              + "' is not a PostgreSQL JDBC URL: expected jdbc:postgresql://host:port/database");
    }
    String[] hosts = parsed.getProperty("PGHOST", "").split(",");
    String[] ports = parsed.getProperty("PGPORT", "").split(",");
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < hosts.length; i++) {
      String port = i < ports.length ? ports[i] : "";
      nodes.add(port.isEmpty() ? hosts[i] : hosts[i] + ":" + port); // IPv6 keeps its [brackets]
    }
    int q = url.indexOf('?');
    return new JdbcUrl(
        String.join(",", nodes), parsed.getProperty("PGDBNAME", ""), q < 0 ? "" : url.substring(q));
  }

  /** The same URL naming {@code other} as its database, parameters as they were. */
  public String withDatabase(String other) {
    return "jdbc:postgresql://" + hosts + "/" + other + query;
  }

  /**
   * {@code host:port/database}, for people: never a parameter, and no {@code user:password@} that a
   * URL may carry before a host (pgJDBC reads it as part of the host name).
   */
  public String shortForm() {
    return hosts.replaceAll("[^,]*@", "") + "/" + database;
  }
}
