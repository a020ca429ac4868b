package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * PostgreSQL servers started from local binaries in one throwaway run directory, stopped and
 * deleted on {@link #close()}, by a JVM shutdown hook when the JVM is interrupted, and, when the
 * JVM was killed, by the next run's {@link #reapStale} (each run directory records its owner).
 */
final class LocalServers implements AutoCloseable {
  private static final String OWNER_FILE = "owner";

  /** One server: its data directory and port. */
  record Node(String name, Path dataDir, int port) {}

  private final PgInstallation pg;
  private final ServerUser user;
  private final Path runDir;
  private final List<Node> nodes = new ArrayList<>();
  private final Thread shutdownHook;
  private final boolean throwaway;
  private boolean closed;

  private LocalServers(PgInstallation pg, ServerUser user, Path runDir, boolean throwaway) {
    this.pg = pg;
    this.user = user;
    this.runDir = runDir;
    this.throwaway = throwaway;
    this.shutdownHook = new Thread(this::stopAndDelete, "liquibase-citus-local-servers-stop");
    if (throwaway) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /**
   * Servers in a directory of the caller's that outlive this JVM ({@code citus:start}): no shutdown
   * hook, and {@link #close()} stops them but keeps their data.
   */
  static LocalServers persistent(PgInstallation pg, Path dir) {
    ServerUser user = ServerUser.forThisProcess();
    try {
      Files.createDirectories(dir);
      user.own(dir);
      return new LocalServers(pg, user, dir, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create " + dir, e);
    }
  }

  /** A new, empty run directory under the base directory, after reaping dead runs' leftovers. */
  static LocalServers create(PgInstallation pg) {
    ServerUser user = ServerUser.forThisProcess();
    Path base = baseDirectory();
    reapStale(base, pg, user);
    try {
      Files.createDirectories(base);
      Path runDir = Files.createTempDirectory(base, "run-");
      ProcessHandle self = ProcessHandle.current();
      Files.writeString(runDir.resolve(OWNER_FILE), ownerLine(self), StandardCharsets.UTF_8);
      user.own(runDir);
      return new LocalServers(pg, user, runDir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a run directory under " + base, e);
    }
  }

  static Path baseDirectory() {
    return Path.of(
        System.getProperty("java.io.tmpdir"),
        "liquibase-citus-clusters-" + System.getProperty("user.name"));
  }

  private static String ownerLine(ProcessHandle process) {
    return process.pid() + " " + process.info().startInstant().map(Object::toString).orElse("?");
  }

  /**
   * Stops the servers of runs whose JVM is gone (killed mid-test) and deletes their directories.
   */
  static void reapStale(Path base, PgInstallation pg, ServerUser user) {
    if (!Files.isDirectory(base)) {
      return;
    }
    try (Stream<Path> runs = Files.list(base)) {
      for (Path run : runs.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
        if (!ownerAlive(run)) {
          stopAll(run, pg, user);
          deleteRecursively(run);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + base, e);
    }
  }

  private static boolean ownerAlive(Path run) {
    try {
      String[] owner = Files.readString(run.resolve(OWNER_FILE)).trim().split(" ", 2);
      Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
      // The start time guards against a recycled pid.
      return process.isPresent()
          && process.get().isAlive()
          && ownerLine(process.get()).equals(owner[0] + " " + owner[1]);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void stopAll(Path run, PgInstallation pg, ServerUser user) throws IOException {
    try (Stream<Path> dirs = Files.list(run)) {
      for (Path node : dirs.filter(Files::isDirectory).toList()) {
        stop(node.resolve("data"), pg, user);
      }
    }
  }

  private static void stop(Path dataDir, PgInstallation pg, ServerUser user) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      pgCtlStop(pg, user, dataDir, "immediate");
    } catch (RuntimeException e) {
      // pg_ctl could not stop it (wrong binaries, broken directory): end the postmaster itself.
      try {
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      } catch (IOException | RuntimeException ignored) {
        // Nothing left to stop.
      }
    }
  }

  /** {@code pg_ctl stop} of one data directory, as the servers' OS user, waiting for it. */
  private static void pgCtlStop(PgInstallation pg, ServerUser user, Path dataDir, String mode) {
    Processes.output(
        user.command(
            List.of(
                pg.binary("pg_ctl").toString(),
                "stop",
                "-D",
                dataDir.toString(),
                "-m",
                mode,
                "-w")));
  }

  /** The directory of the named node: its data and log. */
  Path nodeDir(String name) {
    return runDir.resolve(name);
  }

  /**
   * Where the named node's Unix socket goes: its own directory, unless that path is too long for a
   * socket (107 bytes on Linux, with ".s.PGSQL.NNNNN" appended), as a dev cluster deep in a
   * project's target/ can be; then a short directory under the temporary directory, named after it.
   */
  Path socketDir(String name) {
    Path dir = nodeDir(name);
    if (dir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16 <= 100) {
      return dir;
    }
    Path shortDir =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "lbc-" + Integer.toHexString(dir.toString().hashCode()));
    try {
      Files.createDirectories(shortDir);
      user.own(shortDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create " + shortDir, e);
    }
    return shortDir;
  }

  /** Runs initdb, configures and starts one server on a free loopback port. */
  Node start(String name, List<String> initdbOptions, List<String> settings) {
    Path nodeDir = nodeDir(name);
    Path dataDir = nodeDir.resolve("data");
    try {
      Files.createDirectories(nodeDir);
      user.own(nodeDir);
      List<String> initdb =
          new ArrayList<>(
              List.of(
                  pg.binary("initdb").toString(),
                  "-D",
                  dataDir.toString(),
                  "-U",
                  "postgres",
                  "-E",
                  "UTF8",
                  "--locale=C",
                  "--no-sync"));
      initdb.addAll(initdbOptions);
      Processes.output(user.command(initdb));
      int port = freePort();
      List<String> conf = new ArrayList<>();
      conf.add("port = " + port);
      conf.add("listen_addresses = '127.0.0.1'");
      conf.add("unix_socket_directories = '" + socketDir(name) + "'");
      // Throwaway test data: durability only costs time.
      conf.add("fsync = off");
      conf.add("synchronous_commit = off");
      conf.add("full_page_writes = off");
      conf.add("shared_buffers = 32MB");
      conf.add("max_connections = 200");
      conf.addAll(settings);
      Files.write(
          dataDir.resolve("postgresql.conf"),
          conf,
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      return restart(name, port);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not set up " + dataDir, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Could not start PostgreSQL node " + name + ": " + e.getMessage() + serverLog(nodeDir),
          e);
    }
  }

  /** Starts an existing node again (its port is in its postgresql.conf). */
  Node restart(String name, int port) {
    Path nodeDir = nodeDir(name);
    Path dataDir = nodeDir.resolve("data");
    socketDir(name); // a short socket directory may have gone with the temporary directory
    try {
      Processes.output(
          user.command(
              List.of(
                  pg.binary("pg_ctl").toString(),
                  "start",
                  "-D",
                  dataDir.toString(),
                  "-l",
                  nodeDir.resolve("server.log").toString(),
                  "-w",
                  "-t",
                  "120")));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Could not start PostgreSQL node " + name + ": " + e.getMessage() + serverLog(nodeDir),
          e);
    }
    Node node = new Node(name, dataDir, port);
    synchronized (this) {
      nodes.add(node);
    }
    return node;
  }

  /** Stops a running node (fast shutdown), keeping its data; {@link #start(String)} resumes it. */
  synchronized void stop(String name) {
    Node node = node(name);
    pgCtlStop(pg, user, node.dataDir(), "fast");
  }

  /** Starts a node stopped by {@link #stop(String)} again, on its port. */
  synchronized void start(String name) {
    Node node = node(name);
    nodes.remove(node);
    restart(name, node.port());
  }

  private Node node(String name) {
    return nodes.stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + name));
  }

  private static String serverLog(Path nodeDir) {
    try {
      List<String> lines = Files.readAllLines(nodeDir.resolve("server.log"));
      return "\nserver.log:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  Path runDir() {
    return runDir;
  }

  PgInstallation installation() {
    return pg;
  }

  @Override
  public void close() {
    stopAndDelete();
    if (throwaway) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // Already running as the hook.
      }
    }
  }

  private synchronized void stopAndDelete() {
    if (closed) {
      return;
    }
    closed = true;
    for (Node node : nodes) {
      stop(node.dataDir(), pg, user);
    }
    if (throwaway) {
      deleteRecursively(runDir);
    }
  }

  /** Stops every node found in a directory of persistent servers; false when none was running. */
  static boolean stopAllIn(Path dir, PgInstallation pg) {
    ServerUser user = ServerUser.forThisProcess();
    boolean any = false;
    try (Stream<Path> nodes = Files.list(dir)) {
      for (Path node : nodes.filter(Files::isDirectory).toList()) {
        if (Files.exists(node.resolve("data/postmaster.pid"))) {
          any = true;
          pgCtlStop(pg, user, node.resolve("data"), "fast");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + dir, e);
    }
    return any;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: the next run's reaper tries again.
    }
  }
}
