package io.github.liquibasecitus.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * A database of its own on the nodes of a {@link LocalCitusCluster}: Citus' metadata (nodes,
 * placements, background jobs) is per database, so this is a cluster of its own that shares the
 * servers. Closing it drops the database everywhere; the servers keep running.
 */
final class LocalCitusDatabase implements CitusCluster {
  private final LocalCitusCluster servers;
  private final String database;
  private final List<LocalServers.Node> workers;

  LocalCitusDatabase(LocalCitusCluster servers, String database, List<LocalServers.Node> workers) {
    this.servers = servers;
    this.database = database;
    this.workers = new ArrayList<>(workers);
  }

  @Override
  public synchronized boolean addWorker() {
    workers.add(servers.addWorker(database));
    return true;
  }

  @Override
  public boolean stopWorker(int n) {
    servers.stopServer(workers.get(n - 1));
    return true;
  }

  @Override
  public boolean startWorker(int n) {
    servers.startServer(workers.get(n - 1));
    return true;
  }

  @Override
  public String jdbcUrl() {
    return servers.url(database);
  }

  @Override
  public String username() {
    return servers.username();
  }

  @Override
  public String password() {
    return servers.password();
  }

  @Override
  public String description() {
    return "database " + database + " of " + servers.description();
  }

  @Override
  public synchronized void close() {
    servers.dropDatabase(database, workers);
  }
}
