package io.github.liquibasecitus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.DevCluster;
import io.github.liquibasecitus.cluster.junit.CitusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clusters the product starts, seen by another user of the machine ({@code nobody}): no node
 * answers without the password, the sockets cannot be reached, the files holding the password
 * cannot be read. Needs root (to act as {@code nobody}); a cluster that this JVM did not start from
 * local binaries is not the product's to check.
 */
@CitusTest
class LockedDownClusterIT {

  private static boolean root() throws Exception {
    return run(List.of("id", "-u")).output().trim().equals("0");
  }

  record Run(int exitCode, String output) {}

  private static Run run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
    return new Run(p.exitValue(), out);
  }

  private static Run asNobody(String... command) throws Exception {
    List<String> c = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
    c.addAll(List.of(command));
    return run(c);
  }

  private static void assumeLocalAndRoot(CitusCluster cluster) throws Exception {
    assumeTrue(
        cluster.description().startsWith("local Citus"),
        "not a cluster started from local binaries: " + cluster.description());
    assumeTrue(root(), "acting as another OS user (nobody) needs root");
  }

  /** Every node of the fixture's cluster, over TCP and over its socket, as nobody. */
  @Test
  void anotherUserReachesNoNodeWithoutThePassword(CitusCluster cluster) throws Exception {
    assumeLocalAndRoot(cluster);
    List<List<Object>> nodes;
    try (Db db = Db.connect(cluster)) {
      nodes =
          db.rows("SELECT nodename, nodeport::text, groupid FROM pg_dist_node ORDER BY groupid");
    }
    assertTrue(nodes.size() >= 3, nodes.toString());
    String socketDir = (String) nodes.get(0).get(0);
    for (List<Object> node : nodes) {
      String port = (String) node.get(1);
      Run tcp =
          asNobody("psql", "-w", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-c", "SELECT 1");
      assertNotEquals(0, tcp.exitCode(), "node " + port + " let nobody in: " + tcp.output());
      assertTrue(tcp.output().contains("no password supplied"), tcp.output());
      Run socket =
          asNobody("psql", "-w", "-h", socketDir, "-p", port, "-U", "postgres", "-c", "SELECT 1");
      assertNotEquals(0, socket.exitCode(), socket.output());
      assertTrue(socket.output().contains("Permission denied"), socket.output());
    }
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(socketDir))));
    Run copy =
        asNobody(
            "psql",
            "-w",
            "-h",
            "127.0.0.1",
            "-p",
            (String) nodes.get(1).get(1),
            "-U",
            "postgres",
            "-c",
            "COPY (SELECT 1) TO PROGRAM 'id'");
    assertNotEquals(0, copy.exitCode(), copy.output());
  }

  /**
   * A dev cluster deep in a project (its socket directory then in the temporary directory, under a
   * name nobody can guess): its files are the build user's alone, and stopping it removes the
   * socket directory; a restart makes it again, checked.
   */
  @Test
  void aDevClustersFilesAndSocketsAreTheBuildUsersAlone(CitusCluster cluster, @TempDir Path temp)
      throws Exception {
    assumeLocalAndRoot(cluster);
    Path project =
        MavenBuild.readableByAll(
            temp, "a-project-directory-deep-enough/that-its-sockets/cannot-live-in-target/x");
    DevCluster dev = DevCluster.in(project.resolve("target/citus-cluster"));
    try {
      CitusCluster started = dev.start();
      Path dir = dev.directory();
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(dir.resolve("cluster.properties"))));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
      Path sockets = Path.of(Files.readString(dir.resolve("socket-dir")).trim());
      assertTrue(sockets.getFileName().toString().startsWith("lbc-"), sockets.toString());
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sockets)));
      Run read = asNobody("cat", dir.resolve("cluster.properties").toString());
      assertNotEquals(0, read.exitCode(), read.output());
      assertFalse(read.output().contains(started.password()), "nobody read the password");
      String port = started.jdbcUrl().replaceFirst(".*:(\\d+)/.*", "$1");
      Run tcp =
          asNobody("psql", "-w", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-c", "SELECT 1");
      assertNotEquals(0, tcp.exitCode(), tcp.output());

      assertTrue(dev.stop());
      assertFalse(Files.exists(sockets), "the socket directory goes with the stop");
      CitusCluster again = dev.start();
      assertTrue(Files.isDirectory(sockets), "and comes back with the start");
      try (Db db = Db.connect(again)) {
        assertEquals(3L, db.<Long>one("SELECT count(*) FROM pg_dist_node"));
      }
    } finally {
      dev.stop();
    }
  }
}
