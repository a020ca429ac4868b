package io.github.liquibasecitus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directories of local clusters live in the shared temporary directory under names anyone can
 * guess (the base) or see (a socket directory): one planted by somebody else, or a symbolic link,
 * is refused, never taken over or followed.
 */
class LocalServersDirectoriesTest {

  @Test
  void aBaseDirectoryThatIsALinkIsRefused(@TempDir Path temp) throws Exception {
    Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
    Path base = Files.createSymbolicLink(temp.resolve("base"), elsewhere);
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> RunDirectories.ensureOwnBase(base));
    assertTrue(refused.getMessage().contains("(it is a symbolic link of "), refused.getMessage());
  }

  @Test
  void aBaseDirectoryOthersMayWriteIsRefused(@TempDir Path temp) throws Exception {
    Path base =
        Files.createDirectory(
            temp.resolve("base"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> RunDirectories.ensureOwnBase(base));
    assertTrue(refused.getMessage().contains("rwxrwxrwx"), refused.getMessage());
  }

  @Test
  void aBaseDirectoryOfAnotherUserIsRefused(@TempDir Path temp) throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "giving a directory away needs root");
    Path base = Files.createDirectory(temp.resolve("base"));
    Files.getFileAttributeView(base, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setOwner(
            base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> RunDirectories.ensureOwnBase(base));
    assertTrue(refused.getMessage().contains("a directory of nobody"), refused.getMessage());
  }

  @Test
  void aNewBaseDirectoryIsThisUsersAndClosed(@TempDir Path temp) throws Exception {
    Path base = temp.resolve("base");
    RunDirectories.ensureOwnBase(base);
    assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(base)));
    RunDirectories.ensureOwnBase(base); // and accepted the second time
  }

  /** A recorded socket directory replaced by a link (after a reboot emptied /tmp, say). */
  @Test
  void aSocketDirectoryReplacedByALinkIsRefused(@TempDir Path temp) throws Exception {
    PgInstallation pg = PgInstallation.locate().orElse(null);
    assumeTrue(pg != null, "no local PostgreSQL");
    Path deep =
        temp.resolve(
            "a-directory-name-long-enough-0/a-directory-name-long-enough-1/"
                + "a-directory-name-long-enough-2/a-directory-name-long-enough-3");
    LocalServers servers = LocalServers.persistent(pg, deep);
    Path sockets = servers.socketDir();
    assertTrue(sockets.getFileName().toString().startsWith("lbc-"), sockets.toString());
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sockets)));
    Files.delete(sockets);
    Path planted = Files.createDirectory(temp.resolve("planted"));
    Files.createSymbolicLink(sockets, planted);
    try {
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class, () -> LocalServers.persistent(pg, deep).socketDir());
      assertTrue(
          refused.getMessage().contains("somebody else may have made it"), refused.getMessage());
    } finally {
      Files.delete(sockets);
    }
  }
}
