package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.CitusExtInstaller;
import io.github.liquibasecitus.sql.LibraryState;
import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The cluster as a person wants to see it before or after a deployment: nodes, distributed schemas
 * and tenants with their node and size, and tables left undistributed. Placement comes from the
 * coordinator's catalogs; sizes, when asked for, from one {@code citus_shard_sizes()} call (one
 * round trip per worker, whatever the number of tables).
 *
 * @param nodes every node, coordinator first
 * @param schemas distributed schemas, by name
 * @param tenants tenants of the citus_ext registry, by id; empty when the library is not installed
 * @param libraryInstalled whether a trusted citus_ext library is installed
 * @param libraryProblem why the tenants are not shown although a citus_ext schema exists (another
 *     role's objects in it); null when there is none
 * @param localTables regular tables that Citus does not know, as {@code schema.table}
 * @param sizesKnown whether sizes were read (else every size is null)
 */
public record ClusterStatus(
    List<Node> nodes,
    List<Group> schemas,
    List<Group> tenants,
    boolean libraryInstalled,
    String libraryProblem,
    List<String> localTables,
    boolean sizesKnown) {

  /** A node of the cluster. */
  public record Node(
      String host,
      int port,
      int groupId,
      boolean coordinator,
      boolean active,
      boolean holdsShards,
      long shardGroups,
      Long bytes) {
    /** {@code host:port}. */
    public String address() {
      return host + ":" + port;
    }
  }

  /**
   * A distributed schema or a tenant: one colocation group of single-shard tables on one node.
   *
   * @param node {@code host:port}, null when the group has no table yet
   * @param colocationId Citus' colocation group, as {@code citus_stat_tenants} names it
   */
  public record Group(
      String name, String node, long tables, Long bytes, String owner, int colocationId) {}

  /** Reads the status; with {@code sizes}, also the bytes of every shard (asks the workers). */
  public static ClusterStatus read(Connection connection, boolean sizes) throws SQLException {
    LibraryState library = CitusExtInstaller.state(connection);
    boolean withTenants = library.version() != null && library.trusted();
    String problem = null;
    if (library.schemaExists() && !library.trusted()) {
      try {
        library.requireTrusted();
      } catch (SQLException e) {
        problem = e.getMessage();
      }
    }
    String libraryProblem = problem;
    return PinnedSearchPath.run(
        connection,
        c -> {
          String groups = StatusQueries.groups(sizes);
          return new ClusterStatus(
              StatusQueries.nodes(c, sizes),
              StatusQueries.schemas(c, groups),
              withTenants ? StatusQueries.tenants(c, groups) : List.of(),
              withTenants,
              libraryProblem,
              StatusQueries.localTables(c),
              sizes);
        });
  }
}
