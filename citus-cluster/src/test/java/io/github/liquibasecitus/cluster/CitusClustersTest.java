package io.github.liquibasecitus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CitusClustersTest {

  @Test
  void externalUrlWinsAndPropertyBeatsEnvironment() {
    Properties props = new Properties();
    props.setProperty("citus.url", "jdbc:postgresql://db:5432/app");
    CitusClusters clusters =
        CitusClusters.of(
            Map.of("CITUS_URL", "jdbc:postgresql://other/x", "CITUS_USERNAME", "app"), props);

    ClusterSource source = clusters.forTests();

    assertEquals("external", source.name());
    try (CitusCluster cluster = source.open()) {
      assertEquals("jdbc:postgresql://db:5432/app", cluster.jdbcUrl());
      assertEquals("app", cluster.username());
    }
  }

  @Test
  void theFormerNameOfTheUserSettingIsRefusedWithTheNewOne() {
    CitusClusters clusters =
        CitusClusters.of(
            Map.of("CITUS_URL", "jdbc:postgresql://db:5432/app", "CITUS_USER", "app"),
            new Properties());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> clusters.external());
    assertEquals(
        "CITUS_USER (citus.user) is now CITUS_USERNAME (citus.username), as in the Maven plugin:"
            + " set that instead",
        e.getMessage());
  }

  @Test
  void noClusterMessageNamesTheThreeWays() {
    assertEquals(
        "No Citus cluster available (a; b). Provide one of: (1) a running cluster:"
            + " CITUS_URL=jdbc:postgresql://host:port/db (or -Dcitus.url) with CITUS_USERNAME and"
            + " CITUS_PASSWORD; (2) Citus installed into the local PostgreSQL that pg_config names"
            + " (citus.so in its pkglibdir); (3) a Docker engine, for Testcontainers with the"
            + " citusdata/citus image.",
        CitusClusters.noClusterMessage(List.of("a", "b")));
  }

  @Test
  void redactsPasswordsInUrls() {
    assertEquals(
        "jdbc:postgresql://h/db?user=u&password=***&ssl=true",
        Redaction.url("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"));
    assertEquals("postgresql://u:***@h/db", Redaction.url("postgresql://u:s3cret@h/db"));
  }
}
