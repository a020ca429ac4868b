package io.github.liquibasecitus.cluster;

/**
 * A Citus cluster: its {@link #jdbcUrl()} is the coordinator's database, with at least two workers
 * registered.
 */
public interface CitusCluster extends DatabaseServer {}
