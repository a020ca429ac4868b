package io.github.liquibasecitus.maven;

import java.util.Locale;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Yes-or-no options as the user wrote them. Maven turns any text into a boolean, everything but
 * {@code true} into false, so {@code -Dcitus.dryRun=1} or {@code <dryRun>ture</dryRun>} would run a
 * real drain. Here only {@code true} and {@code false} (in any case) are taken; anything else stops
 * the goal before it does anything.
 */
final class BooleanOptions {
  private BooleanOptions() {}

  /** {@code true} or {@code false} in any case; null for null; else refused, naming the option. */
  static Boolean parse(String option, String value) throws MojoFailureException {
    if (value == null) {
      return null;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new MojoFailureException(
            option + " is '" + value + "': use true or false (nothing ran)");
    }
  }

  /**
   * Checks every boolean parameter of the goal's execution, with its value as Maven evaluates it
   * from the merged POM configuration, the {@code -D} property or the default.
   */
  static void check(MavenSession session, MojoExecution execution) throws MojoFailureException {
    Xpp3Dom config = execution.getConfiguration();
    if (config == null || execution.getMojoDescriptor() == null) {
      return;
    }
    PluginParameterExpressionEvaluator evaluator =
        new PluginParameterExpressionEvaluator(session, execution);
    for (Parameter p : execution.getMojoDescriptor().getParameters()) {
      if (!"boolean".equals(p.getType()) && !"java.lang.Boolean".equals(p.getType())) {
        continue;
      }
      Xpp3Dom element = config.getChild(p.getName());
      if (element == null) {
        continue;
      }
      String value = evaluate(evaluator, element.getValue());
      if (value == null) {
        value = evaluate(evaluator, element.getAttribute("default-value"));
      }
      parse(describe(p), value);
    }
  }

  private static String evaluate(PluginParameterExpressionEvaluator evaluator, String text)
      throws MojoFailureException {
    if (text == null) {
      return null;
    }
    try {
      Object value = evaluator.evaluate(text);
      return value == null ? null : value.toString();
    } catch (ExpressionEvaluationException e) {
      throw new MojoFailureException("Cannot evaluate '" + text + "': " + e.getMessage(), e);
    }
  }

  /** {@code <dryRun> (-Dcitus.dryRun)}. */
  private static String describe(Parameter p) {
    String expression = p.getExpression();
    if (expression != null && expression.startsWith("${") && expression.endsWith("}")) {
      return "<" + p.getName() + "> (-D" + expression.substring(2, expression.length() - 1) + ")";
    }
    return "<" + p.getName() + ">";
  }
}
