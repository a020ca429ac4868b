package io.github.liquibasecitus.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The PostgreSQL server binaries that {@code pg_config} names, and whether Citus is in them. */
record PgInstallation(Path pgConfig, Path bindir, Path pkglibdir, Path sharedir, String version) {

  /**
   * Finds {@code pg_config}: the {@code PG_CONFIG} environment variable, else the newest {@code
   * /usr/lib/postgresql/N/bin/pg_config} (Debian's layout, where the server binaries are not on the
   * PATH), else {@code pg_config} on the PATH.
   */
  static Optional<PgInstallation> locate() {
    String fromEnv = System.getenv("PG_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return read(Path.of(fromEnv));
    }
    Optional<Path> debian = newestDebianPgConfig();
    if (debian.isPresent()) {
      return read(debian.get());
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "pg_config"))
        .filter(Files::isExecutable)
        .findFirst()
        .flatMap(PgInstallation::read);
  }

  private static Optional<Path> newestDebianPgConfig() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
          .map(p -> p.resolve("bin/pg_config"))
          .filter(Files::isExecutable);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<PgInstallation> read(Path pgConfig) {
    try {
      List<String> lines =
          Processes.output(
                  List.of(
                      pgConfig.toString(), "--bindir", "--pkglibdir", "--sharedir", "--version"))
              .lines()
              .toList();
      if (lines.size() < 4) {
        return Optional.empty();
      }
      return Optional.of(
          new PgInstallation(
              pgConfig,
              Path.of(lines.get(0)),
              Path.of(lines.get(1)),
              Path.of(lines.get(2)),
              lines.get(3).trim()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  Path binary(String name) {
    return bindir.resolve(name);
  }

  boolean hasServer() {
    return Files.isExecutable(binary("postgres")) && Files.isExecutable(binary("initdb"));
  }

  boolean hasCitus() {
    return Files.isRegularFile(pkglibdir.resolve("citus.so"))
        && Files.isRegularFile(sharedir.resolve("extension/citus.control"));
  }

  /** Why this installation cannot run Citus, for the "no cluster" message; empty when it can. */
  Optional<String> whyNoCitus() {
    if (!hasServer()) {
      return Optional.of(pgConfig + " names " + bindir + ", which has no postgres and initdb");
    }
    if (!hasCitus()) {
      return Optional.of(
          "the PostgreSQL that "
              + pgConfig
              + " names ("
              + version
              + ") has no citus.so in "
              + pkglibdir);
    }
    return Optional.empty();
  }
}
