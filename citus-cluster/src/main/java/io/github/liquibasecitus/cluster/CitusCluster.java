package io.github.liquibasecitus.cluster;

/**
 * A Citus cluster: its {@link #jdbcUrl()} is the coordinator's database, with at least two workers
 * registered.
 */
public interface CitusCluster extends DatabaseServer {

  /**
   * Starts one more worker and registers it with the coordinator, as scaling out does. Returns
   * false where this kind of cluster cannot grow (one named by URL, for instance).
   */
  default boolean addWorker() {
    return false;
  }

  /**
   * Stops worker {@code n} (1 for the first), as an outage does, until {@link #startWorker}.
   * Returns false where this kind of cluster cannot.
   */
  default boolean stopWorker(int n) {
    return false;
  }

  /** Starts worker {@code n} again after {@link #stopWorker}. */
  default boolean startWorker(int n) {
    return false;
  }

  /**
   * A cluster of its own on the same nodes: a new database with Citus on the coordinator and on
   * every worker, the workers registered in it. Citus keeps its metadata per database, so what a
   * test does there (rebalancing, draining, removing a node) leaves every other database alone.
   * Closing it drops the database on every node. Empty where this kind of cluster cannot create
   * databases on its workers (one named by URL, for instance).
   *
   * @param name a new database name: lower-case letters, digits and underscores
   */
  default java.util.Optional<CitusCluster> newDatabase(String name) {
    return java.util.Optional.empty();
  }
}
