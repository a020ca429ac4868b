package io.github.liquibasecitus.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A build killed mid-test leaves its servers running; the next run must stop them and delete their
 * directory. A child JVM plays the killed build.
 */
@Tag("postgres")
class LocalServersReapTest {

  /** The child: starts a plain server, prints its run directory and postmaster pid, waits. */
  public static void main(String[] args) throws Exception {
    LocalPostgres server = LocalPostgres.start(PgInstallation.locate().orElseThrow());
    System.out.println("READY " + server.jdbcUrl());
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(5).toMillis());
    server.close();
  }

  @Test
  void nextRunStopsServersOfAKilledRun() throws Exception {
    Optional<PgInstallation> pg = PgInstallation.locate().filter(PgInstallation::hasServer);
    assumeTrue(pg.isPresent(), "no local PostgreSQL server binaries");

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalServersReapTest.class.getName())
            .redirectErrorStream(true)
            .start();
    String port;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("READY "));
      assertTrue(line != null, "child never reported its server");
      port = line.replaceAll(".*:(\\d+)/.*", "$1");
    }
    ProcessHandle postmaster = postmasterOnPort(port).orElseThrow();
    assertTrue(postmaster.isAlive());

    child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
    assertTrue(postmaster.isAlive(), "the killed run's server should outlive it");

    RunDirectories.reapStale(RunDirectories.baseDirectory(), pg.get(), ServerUser.forThisProcess());

    postmaster.onExit().get(30, TimeUnit.SECONDS);
    assertFalse(postmaster.isAlive(), "the reaper should have stopped the killed run's server");
    assertTrue(postmasterOnPort(port).isEmpty(), "no run directory should still name that port");
  }

  /** The postmaster whose run directory under the base directory listens on this port. */
  private static Optional<ProcessHandle> postmasterOnPort(String port) throws Exception {
    Path base = RunDirectories.baseDirectory();
    try (var runs = Files.walk(base, 4)) {
      for (Path pid :
          runs.filter(p -> p.getFileName().toString().equals("postmaster.pid")).toList()) {
        List<String> lines = Files.readAllLines(pid);
        if (lines.size() > 3 && lines.get(3).trim().equals(port)) {
          return ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        }
      }
    }
    return Optional.empty();
  }
}
