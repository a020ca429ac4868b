package com.example.tenants;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** A tenant's orders: each tenant has its own table, on its tenant's node. */
@Service
public class Orders {
  private final JdbcTemplate jdbc;

  public Orders(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void place(String tenant, long id, BigDecimal total) {
    jdbc.update("INSERT INTO " + table(tenant) + " (id, total) VALUES (?, ?)", id, total);
  }

  public List<BigDecimal> totals(String tenant) {
    return jdbc.queryForList("SELECT total FROM " + table(tenant) + " ORDER BY id", BigDecimal.class);
  }

  /** Tenants are the ones the migrations created; anything else is refused, never spliced. */
  private static String table(String tenant) {
    return switch (tenant) {
      case "acme" -> "app.acme_orders";
      case "globex" -> "app.globex_orders";
      default -> throw new IllegalArgumentException("unknown tenant " + tenant);
    };
  }
}
