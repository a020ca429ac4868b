package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short external commands and returns what they print. */
final class Processes {
  private static final long TIMEOUT_SECONDS = 300;

  private Processes() {}

  /** Runs the command; its stdout and stderr together, or an exception naming both. */
  static String output(List<String> command) {
    return output(command, Duration.ofSeconds(TIMEOUT_SECONDS));
  }

  /** As {@link #output(List)}, killing the command (and what it started) after {@code timeout}. */
  static String output(List<String> command, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Path output = null;
    try {
      // The output goes to a file, not a pipe: a server the command started keeps whatever it
      // inherited open, and the deadline holds whether or not anything still writes.
      output = Files.createTempFile("liquibase-citus-command-", ".out");
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException("Timed out after " + timeout + ": " + command);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "Command failed with exit code " + process.exitValue() + ": " + command + "\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + command, e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // A temporary file of this user's; the temporary directory's cleaning takes it.
        }
      }
    }
  }
}
