package io.github.liquibasecitus.cluster.junit;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.CitusClusters;
import io.github.liquibasecitus.cluster.ClusterSource;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link CitusCluster} parameters to the JVM's one cluster, and {@link TestSchema}
 * parameters to a fresh schema and role on it, dropped when the test (or the class, for a
 * constructor or {@code @BeforeAll} parameter) ends; see {@link CitusTest}.
 */
public final class CitusClusterExtension implements ExecutionCondition, ParameterResolver {

  private static SharedServer<CitusCluster> shared(ExtensionContext context) {
    return SharedServer.in(
        context,
        "Citus",
        () -> {
          ClusterSource source = CitusClusters.fromEnvironment().forTests();
          return source::open;
        });
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return shared(context).condition();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == CitusCluster.class || type == TestSchema.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    CitusCluster cluster = shared(context).get();
    if (parameter.getParameter().getType() == CitusCluster.class) {
      return cluster;
    }
    String prefix =
        context
            .getTestMethod()
            .map(m -> m.getName())
            .orElse(context.getRequiredTestClass().getSimpleName());
    TestSchema schema = TestSchema.create(cluster, TestNames.prefixOf(prefix));
    context
        .getStore(ExtensionContext.Namespace.create(CitusClusterExtension.class))
        .put(schema.name(), new Dropped(schema));
    return schema;
  }

  /** Drops the schema when JUnit closes the store (older JUnit: CloseableResource; newer: both). */
  private record Dropped(TestSchema schema)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      schema.close();
    }
  }
}
