package com.example.billing;

import java.math.BigDecimal;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** A tenant's invoices, in the tenant's own table on the tenant's node. */
@Service
public class Invoices {
  private final JdbcTemplate jdbc;

  public Invoices(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void issue(String tenant, long id, BigDecimal amount) {
    jdbc.update("INSERT INTO " + table(tenant) + " (id, amount) VALUES (?, ?)", id, amount);
  }

  public List<BigDecimal> amounts(String tenant) {
    return jdbc.queryForList(
        "SELECT amount FROM " + table(tenant) + " ORDER BY id", BigDecimal.class);
  }

  /** Only the tenants the changelog created; anything else is refused, never spliced. */
  private static String table(String tenant) {
    return switch (tenant) {
      case "acme" -> "tenants.acme_invoices";
      case "globex" -> "tenants.globex_invoices";
      default -> throw new IllegalArgumentException("unknown tenant " + tenant);
    };
  }
}
