package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.operations.Rebalancing;
import io.github.liquibasecitus.sql.TransferMode;
import java.time.Duration;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** citus:rebalance and citus:drain parameters become a request, or a message naming the fix. */
class RebalanceParametersTest {

  private static RebalanceMojo rebalance() {
    RebalanceMojo mojo = new RebalanceMojo();
    mojo.transferMode = "auto";
    mojo.rebalanceWait = true;
    mojo.rebalanceProgress = "PT10S";
    return mojo;
  }

  @Test
  void defaultsWatchWithoutTimeout() throws Exception {
    Rebalancing.Request request = rebalance().request();
    assertNull(request.options().strategy());
    assertEquals(TransferMode.AUTO, request.options().mode());
    assertNull(request.watch().timeout());
    assertEquals(Duration.ofSeconds(10), request.watch().progressEvery());
    assertTrue(request.watchToEnd());
  }

  @Test
  void optionsAreCarriedOver() throws Exception {
    RebalanceMojo mojo = rebalance();
    mojo.rebalanceStrategy = "by_shard_count";
    mojo.transferMode = "block_writes";
    mojo.drainOnly = true;
    mojo.rebalanceTimeout = "PT30M";
    mojo.rebalanceStopOnTimeout = true;
    mojo.parallelTransferColocatedShards = true;
    Rebalancing.Request request = mojo.request();
    assertEquals("by_shard_count", request.options().strategy());
    assertTrue(request.options().drainOnly());
    assertEquals(TransferMode.BLOCK_WRITES, request.options().mode());
    assertEquals(Boolean.TRUE, request.options().parallelColocatedShards());
    assertNull(request.options().parallelReferenceTables());
    assertEquals(Duration.ofMinutes(30), request.watch().timeout());
    assertTrue(request.watch().stopOnTimeout());
  }

  @Test
  void badValuesNameTheParameterAndAnExample() {
    RebalanceMojo mode = rebalance();
    mode.transferMode = "fast";
    assertEquals(
        "citus:rebalance: citus.transferMode 'fast' is not one of auto, force_logical, block_writes",
        assertThrows(MojoFailureException.class, mode::request).getMessage());
    RebalanceMojo timeout = rebalance();
    timeout.rebalanceTimeout = "30 minutes";
    assertEquals(
        "citus:rebalance: citus.rebalanceTimeout '30 minutes' is not an ISO-8601 duration such as PT30M",
        assertThrows(MojoFailureException.class, timeout::request).getMessage());
    RebalanceMojo zero = rebalance();
    zero.rebalanceTimeout = "PT0S";
    assertEquals(
        "citus:rebalance: citus.rebalanceTimeout 'PT0S' must be positive, e.g. PT30M",
        assertThrows(MojoFailureException.class, zero::request).getMessage());
  }

  @Test
  void drainNeedsANodeAsHostColonPort() {
    DrainMojo drain = new DrainMojo();
    assertEquals(
        "citus:drain needs the node to drain: -Dcitus.node=host:port",
        assertThrows(MojoFailureException.class, drain::check).getMessage());
    drain.node = "worker-2";
    assertEquals(
        "citus.node: node 'worker-2' is not host:port, e.g. 10.0.0.12:5432 (as in pg_dist_node)",
        assertThrows(MojoFailureException.class, drain::check).getMessage());
  }
}
