package io.github.liquibasecitus.cluster.junit;

import io.github.liquibasecitus.cluster.ClusterUnavailableException;
import io.github.liquibasecitus.cluster.DatabaseServer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One server per JVM run, kept in JUnit's root store so that JUnit closes it when the run ends.
 * Finding no way to get one is remembered too, and turns into a skip with the reason.
 */
final class SharedServer<T extends DatabaseServer>
    implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("liquibase-citus");
  private final Supplier<T> opener;
  private final String unavailable;
  private T server;

  private SharedServer(Supplier<T> opener, String unavailable) {
    this.opener = opener;
    this.unavailable = unavailable;
  }

  @SuppressWarnings("unchecked")
  static <T extends DatabaseServer> SharedServer<T> in(
      ExtensionContext context, String key, Supplier<Supplier<T>> chooser) {
    return (SharedServer<T>)
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(SharedServer.class))
            .getOrComputeIfAbsent(
                key,
                k -> {
                  try {
                    return new SharedServer<>(chooser.get(), null);
                  } catch (ClusterUnavailableException e) {
                    LOG.log(
                        System.Logger.Level.WARNING, "Skipping " + k + " tests: " + e.getMessage());
                    return new SharedServer<T>(null, e.getMessage());
                  }
                },
                SharedServer.class);
  }

  ConditionEvaluationResult condition() {
    return unavailable == null
        ? ConditionEvaluationResult.enabled("server available")
        : ConditionEvaluationResult.disabled(unavailable);
  }

  synchronized T get() {
    if (server == null) {
      server = opener.get();
      LOG.log(System.Logger.Level.INFO, "Using " + server.description());
    }
    return server;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
    }
  }
}
