package io.github.liquibasecitus.cluster;

import java.util.List;

/** One plain PostgreSQL server (no Citus) started from local binaries, for the no-Citus paths. */
final class LocalPostgres implements DatabaseServer {
  private final LocalServers servers;
  private final LocalServers.Node node;

  private LocalPostgres(LocalServers servers, LocalServers.Node node) {
    this.servers = servers;
    this.node = node;
  }

  static LocalPostgres start(PgInstallation pg) {
    LocalServers servers = LocalServers.create(pg);
    try {
      return new LocalPostgres(
          servers, servers.start("postgres", List.of("--auth=trust"), List.of()));
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
    return "";
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
