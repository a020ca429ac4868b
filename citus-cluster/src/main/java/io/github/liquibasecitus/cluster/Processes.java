package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    try {
      Process process = builder.start();
      // Read on another thread so that the deadline holds even when the command never closes its
      // output (a server it started that inherited the pipe, a hung command).
      CompletableFuture<byte[]> out =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException(
            "Timed out after " + timeout.toSeconds() + " s: " + command);
      }
      String text = new String(out.join(), StandardCharsets.UTF_8);
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
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
