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
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * PostgreSQL servers started from local binaries in one throwaway run directory, stopped and
 * deleted on {@link #close()}, by a JVM shutdown hook when the JVM is interrupted, and, when the
 * JVM was killed, by the next run's {@link #reapStale} (each run directory records its owner).
 *
 * <p>Locked down for a machine with other users: every server asks for a password over TCP
 * (scram-sha-256, the cluster's superuser password set by initdb); its Unix socket, where local
 * connections are trusted (the nodes' own connections go there), is in a directory of mode 700 of
 * the servers' OS user, so no other user can reach it. Directories are created, never taken over:
 * an existing one of somebody else, or a symbolic link, is refused.
 */
final class LocalServers implements AutoCloseable {
  private static final String OWNER_FILE = "owner";

  /**
   * The servers' password file (libpq's {@code PGPASSFILE}, mode 600): the superuser's password for
   * the connections the servers make over TCP themselves, such as an online shard move's
   * subscription.
   */
  private static final String PASSWORD_FILE = "pgpass";

  /** Where a run directory records its socket directory, when that is not inside it. */
  private static final String SOCKET_FILE = "socket-dir";

  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");

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
    Path base = baseDirectory();
    try {
      ensureOwnBase(base);
      reapStale(base, pg, user);
      Path runDir = Files.createTempDirectory(base, "run-"); // mode 700, a new name
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

  /**
   * The base directory of run directories, in the shared temporary directory under a name anyone
   * can guess: created by this user, or refused when somebody else made it (or a link) first. Mode
   * 711: the servers' OS user may pass through to its run directory, nobody may list or write.
   */
  static void ensureOwnBase(Path base) throws IOException {
    if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectory(
            base,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // Then opened for passing through (the umask may have taken more than asked).
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // Made meanwhile: checked below.
      }
    }
    PosixFileAttributes attributes =
        Files.readAttributes(base, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    UserPrincipal me =
        base.getFileSystem()
            .getUserPrincipalLookupService()
            .lookupPrincipalByName(System.getProperty("user.name"));
    Set<PosixFilePermission> perms = attributes.permissions();
    if (!attributes.isDirectory()
        || !attributes.owner().equals(me)
        || perms.contains(PosixFilePermission.GROUP_WRITE)
        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IllegalStateException(
          base
              + " is not a directory of "
              + me.getName()
              + " that only "
              + me.getName()
              + " may write (it is "
              + (attributes.isSymbolicLink()
                  ? "a symbolic link"
                  : attributes.isDirectory() ? "a directory" : "a file")
              + " of "
              + attributes.owner().getName()
              + ", "
              + PosixFilePermissions.toString(perms)
              + "): somebody else may have made it to take over the clusters started here."
              + " Remove it, or point java.io.tmpdir elsewhere.");
    }
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
          removeTemporarySocketDir(run, user);
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
      Path recorded = runDir.resolve(SOCKET_FILE);
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
   * Removes a socket directory of the temporary directory once the servers are stopped. The record
   * is in a directory the servers' user may write, so what it names is checked first: a directory
   * (not a link) named {@code lbc-...} right in the temporary directory, of the servers' user.
   */
  private static void removeTemporarySocketDir(Path runDir, ServerUser user) {
    Path recorded = runDir.resolve(SOCKET_FILE);
    try {
      if (!Files.isRegularFile(recorded, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      Path dir = Path.of(Files.readString(recorded, StandardCharsets.UTF_8).trim()).normalize();
      Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
      if (!dir.isAbsolute()
          || !tmp.equals(dir.getParent())
          || !dir.getFileName().toString().startsWith("lbc-")
          || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      PosixFileAttributes attributes =
          Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attributes.owner().equals(user.principal(dir))) {
        deleteRecursively(dir);
      }
    } catch (IOException | RuntimeException e) {
      // Best effort: an empty directory of mode 700 is all that can be left.
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
    removeTemporarySocketDir(runDir, user);
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
    removeTemporarySocketDir(dir, user);
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
