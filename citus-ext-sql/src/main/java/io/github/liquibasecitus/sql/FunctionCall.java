package io.github.liquibasecitus.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code SELECT function(name => value, ...)} with named arguments, leaving out those not given, so
 * each function's defaults apply. Values must already be SQL text from {@link SqlText}.
 */
public final class FunctionCall {
  private final String function;
  private final List<String> arguments = new ArrayList<>();

  private FunctionCall(String function) {
    this.function = function;
  }

  public static FunctionCall of(String function) {
    return new FunctionCall(function);
  }

  /** Adds {@code name => sql}; nothing when {@code sql} is null. */
  public FunctionCall arg(String name, String sql) {
    if (sql != null) {
      arguments.add(name + " => " + sql);
    }
    return this;
  }

  public FunctionCall arg(String name, Integer value) {
    return arg(name, value == null ? null : value.toString());
  }

  public FunctionCall arg(String name, Boolean value) {
    return arg(name, value == null ? null : value.toString());
  }

  /** {@code function(name => value, ...)}. */
  public String expression() {
    return function + "(" + String.join(", ", arguments) + ")";
  }

  /** {@code SELECT function(name => value, ...)}. */
  public String sql() {
    return "SELECT " + expression();
  }
}
