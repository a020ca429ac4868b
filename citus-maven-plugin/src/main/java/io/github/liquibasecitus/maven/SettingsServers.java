package io.github.liquibasecitus.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The {@code <server>} entries of settings.xml, decrypted. A password that cannot be decrypted is
 * reported as such, instead of being sent as it is and failing as a wrong password.
 */
final class SettingsServers implements SettingsResolver.Servers {
  private final Settings settings;
  private final SettingsDecrypter decrypter;

  SettingsServers(Settings settings, SettingsDecrypter decrypter) {
    this.settings = settings;
    this.decrypter = decrypter;
  }

  @Override
  public SettingsResolver.Credentials find(String id) throws MojoFailureException {
    Server entry = settings == null ? null : settings.getServer(id);
    if (entry == null) {
      return null;
    }
    if (decrypter != null) {
      SettingsDecryptionResult result =
          decrypter.decrypt(new DefaultSettingsDecryptionRequest(entry));
      for (SettingsProblem problem : result.getProblems()) {
        if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
          throw new MojoFailureException(
              "The password of <server> '"
                  + id
                  + "' in settings.xml cannot be decrypted ("
                  + problem.getMessage()
                  + "). Check the master password in ~/.m2/settings-security.xml, or encrypt the"
                  + " server's password again with mvn --encrypt-password.");
        }
      }
      entry = result.getServer();
    }
    return new SettingsResolver.Credentials(entry.getUsername(), entry.getPassword());
  }
}
