package io.github.liquibasecitus.cluster.junit;

import io.github.liquibasecitus.cluster.CitusCluster;
import io.github.liquibasecitus.cluster.CitusClusters;
import io.github.liquibasecitus.cluster.ClusterSource;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves {@link CitusCluster} parameters to the JVM's one cluster; see {@link CitusTest}. */
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
    return parameter.getParameter().getType() == CitusCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context).get();
  }
}
