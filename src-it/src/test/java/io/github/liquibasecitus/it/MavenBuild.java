package io.github.liquibasecitus.it;

import io.github.liquibasecitus.cluster.DatabaseServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;

/**
 * A real Maven build of a small project using the plugin: a copy of a test project, the cluster's
 * credentials in a settings.xml server (never on the command line), and {@code mvn} run as a child
 * process.
 *
 * <p>Written here rather than taken from maven-verifier or maven-invoker: the tests start a build
 * and kill its database connection mid-changeset (so the build must run in the background and be
 * awaited), run it on another Maven installation than the wrapper's (3.8.7), edit the POM's plugin
 * and execution configuration, and read the whole output and exit code; the verifier runs builds to
 * the end in its own launcher, and neither offers the background run. What is left is process
 * plumbing of about a hundred lines.
 */
public final class MavenBuild {
  /** What a build printed, and how it ended. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  private final Path project;
  private final Map<String, String> environment = new HashMap<>();
  private String maven = mvn();
  private final String history = "dbcl_" + java.util.UUID.randomUUID().toString().substring(0, 8);

  private MavenBuild(Path project) {
    this.project = project;
  }

  /**
   * Copies {@code template} (a test resource directory, or a folder of the repository) into {@code
   * work}.
   */
  static MavenBuild of(Path template, Path work) throws IOException {
    // Without what an earlier build of the template left in target/.
    FileUtils.copyDirectory(
        template.toFile(), work.toFile(), f -> !(f.isDirectory() && f.getName().equals("target")));
    return new MavenBuild(work);
  }

  static Path testProject(String name) {
    return LiquibaseRun.REPO.resolve("src-it/src/test/resources/" + name);
  }

  /**
   * A changelog history table of this build's own, so that tests running the same changelog file
   * stay apart.
   */
  List<String> historyTable() {
    return List.of(
        "-Dcitus.databaseChangeLogTableName=" + history,
        "-Dcitus.databaseChangeLogLockTableName=" + history + "_lock");
  }

  /** Runs the builds on another Maven installation ({@code bin/mvn} of it). */
  MavenBuild withMaven(Path mvn) {
    this.maven = mvn.toString();
    return this;
  }

  /** Adds XML to the plugin-level {@code <configuration>} of the project's POM (the first one). */
  MavenBuild pluginConfiguration(String xml) throws IOException {
    Path pom = project.resolve("pom.xml");
    String text = Files.readString(pom);
    int at = text.indexOf("<configuration>");
    if (at < 0) {
      throw new IllegalStateException("no <configuration> in " + pom);
    }
    at += "<configuration>".length();
    Files.writeString(pom, text.substring(0, at) + xml + text.substring(at));
    return this;
  }

  /** Adds XML to the {@code <configuration>} of the execution with the given id. */
  MavenBuild executionConfiguration(String id, String xml) throws IOException {
    Path pom = project.resolve("pom.xml");
    String text = Files.readString(pom);
    int execution = text.indexOf("<id>" + id + "</id>");
    int at = execution < 0 ? -1 : text.indexOf("<configuration>", execution);
    if (at < 0) {
      throw new IllegalStateException("no execution " + id + " with a <configuration> in " + pom);
    }
    at += "<configuration>".length();
    Files.writeString(pom, text.substring(0, at) + xml + text.substring(at));
    return this;
  }

  MavenBuild env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Writes settings.xml with a server {@code citus} holding the user and password. */
  Path settings(String username, String password) throws IOException {
    Path settings = project.resolve("settings.xml");
    Files.writeString(
        settings,
        "<settings><servers><server><id>citus</id><username>"
            + username
            + "</username><password>"
            + password
            + "</password></server></servers></settings>");
    return settings;
  }

  /**
   * {@code mvn} with the cluster's URL and the settings.xml server, and the given goals and -D
   * options.
   */
  Result runOn(DatabaseServer server, String... goalsAndOptions) throws Exception {
    return startOn(server, goalsAndOptions).await();
  }

  /** {@link #runOn} without waiting for the build. */
  Running startOn(DatabaseServer server, String... goalsAndOptions) throws Exception {
    List<String> args = new ArrayList<>();
    args.add("-s");
    args.add(settings(server.username(), server.password()).toString());
    args.add("-Dcitus.url=" + server.jdbcUrl());
    args.add("-Dcitus.server=citus");
    args.addAll(historyTable());
    args.addAll(List.of(goalsAndOptions));
    return start(args.toArray(String[]::new));
  }

  Result run(String... goalsAndOptions) throws Exception {
    return start(goalsAndOptions).await();
  }

  /**
   * A directory {@code name} in {@code temp} that every OS user may read: a dev cluster's servers
   * run as another user when the build is root, and its data lives in the project.
   */
  static Path readableByAll(Path temp, String name) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(name));
    for (Path p = dir; p != null && p.startsWith(temp.getParent()); p = p.getParent()) {
      p.toFile().setExecutable(true, false);
      p.toFile().setReadable(true, false);
    }
    return dir;
  }

  /**
   * The Maven running this build (the wrapper's, {@code maven.home}), so child builds run on the
   * Maven the project pins; {@code mvn} from the PATH outside a Maven build.
   */
  public static String mvn() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return "mvn";
  }

  /** Starts the build; {@link Running#await()} waits for it. */
  Running start(String... goalsAndOptions) throws IOException {
    List<String> command = new ArrayList<>(List.of(maven, "-B", "-ntp"));
    command.add(
        "-Dliquibase-citus.version="
            + System.getProperty("liquibase-citus.version", "0.1.0-SNAPSHOT"));
    command.addAll(List.of(goalsAndOptions));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().remove("MAVEN_OPTS");
    return new Running(builder.start());
  }

  /** A build under way. */
  static final class Running {
    private final Process process;

    Running(Process process) {
      this.process = process;
    }

    Result await() throws InterruptedException {
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("mvn did not finish in 10 minutes:\n" + output);
      }
      return new Result(process.exitValue(), output);
    }
  }
}
