package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.liquibasecitus.operations.ConnectionSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each setting comes from: parameter, then settings.xml server, then the property file. */
class SettingsResolverTest {
  private static final SettingsResolver.Servers NO_SERVERS = id -> null;

  private static SettingsResolver file(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return new SettingsResolver(p);
  }

  @Test
  void parametersWinOverThePropertyFile() throws Exception {
    ConnectionSpec spec =
        file("url", "jdbc:postgresql://file/db", "username", "fileuser", "password", "filepass")
            .connection("jdbc:postgresql://param/db", null, "parampass", null, null, NO_SERVERS);
    assertEquals("jdbc:postgresql://param/db", spec.url());
    assertEquals("fileuser", spec.username());
    assertEquals("parampass", spec.password());
  }

  @Test
  void serverCredentialsFillWhatParametersLeaveOut() throws Exception {
    SettingsResolver.Servers servers =
        id -> "citus".equals(id) ? new SettingsResolver.Credentials("srvuser", "srvpass") : null;
    ConnectionSpec spec =
        file("password", "filepass").connection(null, null, null, "citus", "svc", servers);
    assertEquals("srvuser", spec.username());
    assertEquals("srvpass", spec.password(), "the server's password comes before the file's");
    assertEquals("svc", spec.role());
    assertEquals(null, spec.url(), "no URL: the locator finds a cluster");
  }

  @Test
  void unknownServerIdIsAClearFailure() {
    MojoFailureException e =
        assertThrows(
            MojoFailureException.class,
            () -> file().connection(null, null, null, "nope", null, NO_SERVERS));
    assertEquals(
        "citus.server 'nope' is not a <server> id in settings.xml: add it there, or use"
            + " citus.username and citus.password.",
        e.getMessage());
  }

  @Test
  void changeLogParametersMergeFileAndPomDroppingNulls() {
    Map<String, String> pom = new HashMap<>();
    pom.put("tenant", "acme");
    pom.put("undefined", null);
    ChangeLogSettings settings =
        file("changeLogFile", "db/file.xml", "parameter.tenant", "file", "parameter.schema", "app")
            .changeLog(
                new ChangeLogSettings(
                    null, null, null, null, null, null, null, pom, Path.of("."), List.of()));
    assertEquals("db/file.xml", settings.changeLogFile());
    assertEquals(Map.of("tenant", "acme", "schema", "app"), settings.parameters());
  }

  @Test
  void propertyFileIsReadAndAMissingOneIsNamed(@TempDir Path dir) throws Exception {
    Path props = dir.resolve("liquibase.properties");
    Files.writeString(props, "url=jdbc:postgresql://h/db\nliquibaseSchemaName=svc\n");
    SettingsResolver resolver = SettingsResolver.withPropertyFile(props.toFile());
    assertEquals("jdbc:postgresql://h/db", resolver.get(null, "url"));
    MojoFailureException e =
        assertThrows(
            MojoFailureException.class,
            () -> SettingsResolver.withPropertyFile(new File(dir.toFile(), "missing.properties")));
    assertTrue(e.getMessage().startsWith("Cannot read citus.propertyFile "), e.getMessage());
  }

  @Test
  void anUndecryptablePasswordIsReportedNotSent() {
    Settings settings = new Settings();
    Server server = new Server();
    server.setId("citus");
    server.setUsername("app");
    server.setPassword("{bm90IGVuY3J5cHRlZA==}");
    settings.addServer(server);
    SettingsDecrypter failing =
        request ->
            new SettingsDecryptionResult() {
              @Override
              public Server getServer() {
                return server;
              }

              @Override
              public List<Server> getServers() {
                return List.of(server);
              }

              @Override
              public org.apache.maven.settings.Proxy getProxy() {
                return null;
              }

              @Override
              public List<org.apache.maven.settings.Proxy> getProxies() {
                return List.of();
              }

              @Override
              public List<SettingsProblem> getProblems() {
                return List.of(
                    new DefaultSettingsProblem(
                        "Failed to decrypt password for server citus: master password is not set",
                        SettingsProblem.Severity.ERROR,
                        "server: citus",
                        -1,
                        -1,
                        null));
              }
            };
    MojoFailureException e =
        assertThrows(
            MojoFailureException.class, () -> new SettingsServers(settings, failing).find("citus"));
    assertEquals(
        "The password of <server> 'citus' in settings.xml cannot be decrypted (Failed to decrypt"
            + " password for server citus: master password is not set). Check the master password"
            + " in ~/.m2/settings-security.xml, or encrypt the server's password again with mvn"
            + " --encrypt-password.",
        e.getMessage());
    assertFalse(e.getMessage().contains("bm90IGVuY3J5cHRlZA"));
  }

  @Test
  void credentialsAndSpecsNeverShowThePassword() {
    assertFalse(new SettingsResolver.Credentials("u", "s3cret").toString().contains("s3cret"));
    assertFalse(new ConnectionSpec("jdbc:x", "u", "s3cret", null).toString().contains("s3cret"));
  }
}
