package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS user the local servers run as. PostgreSQL refuses to run as root, so a build running as
 * root runs them as an unprivileged user ({@code postgres}, which Debian's packages create, or the
 * one named by {@code CITUS_FIXTURE_OS_USER}).
 */
final class ServerUser {
  private final String name; // null: the current user

  private ServerUser(String name) {
    this.name = name;
  }

  static ServerUser forThisProcess() {
    if (!isRoot()) {
      return new ServerUser(null);
    }
    String name = System.getenv().getOrDefault("CITUS_FIXTURE_OS_USER", "postgres");
    try {
      Processes.output(List.of("id", "-u", name));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "This build runs as root, and PostgreSQL refuses to run as root; the OS user '"
              + name
              + "' to run it as does not exist. Create it (Debian's postgresql package does) or"
              + " name another with CITUS_FIXTURE_OS_USER.");
    }
    return new ServerUser(name);
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** The command, run as this user. */
  List<String> command(List<String> command) {
    if (name == null) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", name, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Makes the file or directory this user's (never a link's target), so the servers can use it. */
  void own(Path path) {
    if (name == null) {
      return;
    }
    try {
      Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setOwner(principal(path));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not give " + path + " to OS user " + name, e);
    }
  }

  /** This user as the file system knows it. */
  UserPrincipal principal(Path path) {
    try {
      return path.getFileSystem()
          .getUserPrincipalLookupService()
          .lookupPrincipalByName(name == null ? System.getProperty("user.name") : name);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not look up OS user " + name, e);
    }
  }
}
