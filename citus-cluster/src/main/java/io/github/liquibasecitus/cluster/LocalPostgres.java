package io.github.liquibasecitus.cluster;

import java.util.List;
import java.util.UUID;

/** One plain PostgreSQL server (no Citus) started from local binaries, for the no-Citus paths. */
final class LocalPostgres implements DatabaseServer {
  private final LocalServers servers;
  private final LocalServers.Node node;
  private final String password;

  private LocalPostgres(LocalServers servers, LocalServers.Node node, String password) {
    this.servers = servers;
    this.node = node;
    this.password = password;
  }

  static LocalPostgres start(PgInstallation pg) {
    LocalServers servers = LocalServers.create(pg);
    try {
      String password = "postgres-" + UUID.randomUUID();
      return new LocalPostgres(servers, servers.start("postgres", password, List.of()), password);
    } catch (RuntimeException e) {
      servers.close();
      throw e;
    }
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + node.port() + "/postgres";
  }

  @Override
  public String username() {
    return "postgres";
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public String description() {
    return "local "
        + servers.installation().version()
        + " without Citus at 127.0.0.1:"
        + node.port();
  }

  @Override
  public void close() {
    servers.close();
  }
}
