package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL servers started from local binaries in one throwaway run directory, stopped and
 * deleted on {@link #close()}, by a JVM shutdown hook when the JVM is interrupted, and, when the
 * JVM was killed, by the next run's {@link RunDirectories#reapStale} (each run directory records
 * its owner).
 *
 * <p>Locked down for a machine with other users: every server asks for a password over TCP
 * (scram-sha-256, the cluster's superuser password set by initdb); its Unix socket, where local
 * connections are trusted (the nodes' own connections go there), is in a directory of mode 700 of
 * the servers' OS user, so no other user can reach it. Directories are created, never taken over:
 * an existing one of somebody else, or a symbolic link, is refused.
 */
final class LocalServers implements AutoCloseable {
  /**
   * The servers' password file (libpq's {@code PGPASSFILE}, mode 600): the superuser's password for
   * the connections the servers make over TCP themselves, such as an online shard move's
   * subscription.
   */
  private static final String PASSWORD_FILE = "pgpass";

  private static final Set<PosixFilePermission> PRIVATE = RunDirectories.PRIVATE;

  /** One server: its data directory and port. */
  record Node(String name, Path dataDir, int port) {}

  private final PgInstallation pg;
  private final ServerUser user;
  private final Path runDir;
  private final List<Node> nodes = new ArrayList<>();
  private final Thread shutdownHook;
  private final boolean throwaway;
  private Path socketDir;
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
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
      }
      Files.setPosixFilePermissions(dir, PRIVATE);
      user.own(dir);
      return new LocalServers(pg, user, dir, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create " + dir, e);
    }
  }

  /** A new, empty run directory under the base directory, after reaping dead runs' leftovers. */
  static LocalServers create(PgInstallation pg) {
    ServerUser user = ServerUser.forThisProcess();
    Path base = RunDirectories.baseDirectory();
    try {
      RunDirectories.ensureOwnBase(base);
      RunDirectories.reapStale(base, pg, user);
      Path runDir = Files.createTempDirectory(base, "run-"); // mode 700, a new name
      ProcessHandle self = ProcessHandle.current();
      Files.writeString(
          runDir.resolve(RunDirectories.OWNER_FILE),
          RunDirectories.ownerLine(self),
          StandardCharsets.UTF_8);
      user.own(runDir);
      return new LocalServers(pg, user, runDir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a run directory under " + base, e);
    }
  }

  /** The directory of the named node: its data and log. */
  Path nodeDir(String name) {
    return runDir.resolve(name);
  }

  /**
   * Where the nodes' Unix sockets go (one directory for all: each socket is named after its port):
   * {@code sockets} in the run directory, unless that path is too long for a socket (107 bytes on
   * Linux, with "/.s.PGSQL.NNNNN" appended), as a dev cluster deep in a project's target/ can be;
   * then a new directory of an unpredictable name in the temporary directory, recorded in the run
   * directory and removed when the servers stop. Mode 700, the servers' OS user's.
   */
  synchronized Path socketDir() {
    if (socketDir != null) {
      return socketDir;
    }
    try {
      Path inside = runDir.resolve("sockets");
      Path recorded = runDir.resolve(RunDirectories.SOCKET_FILE);
      Path dir;
      if (inside.toString().getBytes(StandardCharsets.UTF_8).length + 16 <= 100) {
        dir = inside;
      } else if (Files.isRegularFile(recorded, LinkOption.NOFOLLOW_LINKS)) {
        dir = Path.of(Files.readString(recorded, StandardCharsets.UTF_8).trim());
      } else {
        dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "lbc-");
        Files.writeString(recorded, dir.toString(), StandardCharsets.UTF_8);
        user.own(dir);
      }
      ensurePrivateDirectory(dir);
      socketDir = dir;
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not make the socket directory of " + runDir, e);
    }
  }

  /**
   * Creates the directory (mode 700, the servers' user's), or checks that the one there is that: a
   * directory, not a link, of the servers' user, that nobody else may enter.
   */
  private void ensurePrivateDirectory(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
      user.own(dir);
      return;
    }
    PosixFileAttributes attributes =
        Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isDirectory()
        || !attributes.owner().equals(user.principal(dir))
        || !attributes.permissions().equals(PRIVATE)) {
      throw new IllegalStateException(
          dir
              + " should be the servers' own socket directory (a directory of "
              + user.principal(dir).getName()
              + ", mode 700), but it is not: somebody else may have made it. Remove it and start"
              + " again.");
    }
  }

  /**
   * Runs initdb, configures and starts one server on a free loopback port: the superuser {@code
   * postgres} with {@code password}, asked for over TCP; local connections only through the private
   * socket directory.
   */
  Node start(String name, String password, List<String> settings) {
    Path nodeDir = nodeDir(name);
    Path dataDir = nodeDir.resolve("data");
    try {
      Files.createDirectory(nodeDir, PosixFilePermissions.asFileAttribute(PRIVATE));
      user.own(nodeDir);
      Path pwfile = nodeDir.resolve("pwfile");
      Files.writeString(
          Files.createFile(
              pwfile,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          password + "\n");
      user.own(pwfile);
      try {
        Processes.output(
            user.command(
                List.of(
                    pg.binary("initdb").toString(),
                    "-D",
                    dataDir.toString(),
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "--pwfile=" + pwfile)));
      } finally {
        Files.deleteIfExists(pwfile);
      }
      writePasswordFile(password);
      int port = freePort();
      List<String> conf = new ArrayList<>();
      conf.add("port = " + port);
      conf.add("listen_addresses = '127.0.0.1'");
      conf.add("unix_socket_directories = '" + socketDir() + "'");
      conf.add("unix_socket_permissions = 0700");
      conf.add("password_encryption = 'scram-sha-256'");
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

  /** The password file of all the servers of this directory; written once. */
  private synchronized void writePasswordFile(String password) throws IOException {
    Path file = runDir.resolve(PASSWORD_FILE);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String escaped = password.replace("\\", "\\\\").replace(":", "\\:");
    Files.writeString(
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
        "127.0.0.1:*:*:postgres:" + escaped + "\n");
    user.own(file);
  }

  /** Starts an existing node again (its port is in its postgresql.conf). */
  Node restart(String name, int port) {
    Path nodeDir = nodeDir(name);
    Path dataDir = nodeDir.resolve("data");
    socketDir(); // a socket directory in the temporary directory goes when the servers stop
    try {
      Processes.output(
          user.command(
              List.of(
                  "env",
                  "PGPASSFILE=" + runDir.resolve(PASSWORD_FILE),
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
    RunDirectories.pgCtlStop(pg, user, node.dataDir(), "fast");
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
      RunDirectories.stop(node.dataDir(), pg, user);
    }
    RunDirectories.removeTemporarySocketDir(runDir, user);
    if (throwaway) {
      RunDirectories.deleteRecursively(runDir);
    }
  }
}
