package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directories of {@link LocalServers} between runs: the base directory in the shared temporary
 * directory (this user's, checked), each run's owner record, and the leftovers of runs whose JVM is
 * gone, stopped and deleted. Recursive deletion is written here rather than taken from a library:
 * it must not follow links, and it is the only file-tree operation of the module.
 */
final class RunDirectories {
  static final String OWNER_FILE = "owner";

  /** Where a run directory records its socket directory, when that is not inside it. */
  static final String SOCKET_FILE = "socket-dir";

  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

  private RunDirectories() {}

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

  static String ownerLine(ProcessHandle process) {
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

  static boolean ownerAlive(Path run) {
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

  static void stopAll(Path run, PgInstallation pg, ServerUser user) throws IOException {
    try (Stream<Path> dirs = Files.list(run)) {
      for (Path node : dirs.filter(Files::isDirectory).toList()) {
        stop(node.resolve("data"), pg, user);
      }
    }
  }

  static void stop(Path dataDir, PgInstallation pg, ServerUser user) {
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
  static void pgCtlStop(PgInstallation pg, ServerUser user, Path dataDir, String mode) {
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

  /**
   * Removes a socket directory of the temporary directory once the servers are stopped. The record
   * is in a directory the servers' user may write, so what it names is checked first: a directory
   * (not a link) named {@code lbc-...} right in the temporary directory, of the servers' user.
   */
  static void removeTemporarySocketDir(Path runDir, ServerUser user) {
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

  static void deleteRecursively(Path dir) {
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
