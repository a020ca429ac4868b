package io.github.liquibasecitus.cluster.junit;

import io.github.liquibasecitus.cluster.CitusClusters;
import io.github.liquibasecitus.cluster.DatabaseServer;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link DatabaseServer} parameters to a plain PostgreSQL; see {@link PlainPostgresTest}.
 */
public final class PlainPostgresExtension implements ExecutionCondition, ParameterResolver {

  private static SharedServer<DatabaseServer> shared(ExtensionContext context) {
    return SharedServer.in(
        context,
        "plain PostgreSQL",
        () -> {
          CitusClusters clusters = CitusClusters.fromEnvironment();
          clusters.plainPostgresBinaries(); // throws ClusterUnavailableException when absent
          return clusters::plainPostgres;
        });
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return shared(context).condition();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DatabaseServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context).get();
  }
}
