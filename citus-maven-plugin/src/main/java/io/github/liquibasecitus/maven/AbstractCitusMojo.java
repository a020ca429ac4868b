package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.operations.OperationsLog;
import java.io.File;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal shares: the skip flags, Liquibase's logging into Maven's, and the one boundary
 * where failures become Maven's ({@link Failures}). A goal does its work in {@link #run()}.
 */
public abstract class AbstractCitusMojo extends AbstractMojo {

  /** Skips every citus goal. Each goal also has its own: {@code citus.<goal>.skip}. */
  @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  File basedir;

  @Parameter(defaultValue = "${project.build.directory}", readonly = true)
  File buildDirectory;

  @Parameter(defaultValue = "${session}", readonly = true)
  MavenSession session;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  MojoExecution mojoExecution;

  private RedactingLog log;

  /** Maven's log, without the passwords this goal knows. */
  @Override
  public RedactingLog getLog() {
    if (log == null) {
      log = new RedactingLog(super.getLog());
    }
    return log;
  }

  private final String goal;

  protected AbstractCitusMojo(String goal) {
    this.goal = goal;
  }

  /** The goal's name, for skip flags and messages. */
  protected final String goal() {
    return goal;
  }

  /** The goal's work. */
  protected abstract void run() throws Exception;

  /** {@code citus:<goal>}, as messages name the goal. */
  final String label() {
    return label(goal());
  }

  /** {@code citus:<goal>}: the one place the prefix is written. */
  static String label(String goal) {
    return "citus:" + goal;
  }

  /** A line of this goal: {@code citus:<goal>: text}. */
  final String said(String text) {
    return label() + ": " + text;
  }

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    String goalSkip = PropertyNames.skip(goal());
    boolean skipGoal;
    try {
      if (session != null && mojoExecution != null) {
        BooleanOptions.check(session, mojoExecution);
      }
      skipGoal = Boolean.TRUE.equals(BooleanOptions.parse("-D" + goalSkip, property(goalSkip)));
    } catch (MojoFailureException e) {
      throw new MojoFailureException(said(e.getMessage()));
    }
    if (skip || skipGoal) {
      getLog().info("Skipping " + label() + " (" + (skip ? PropertyNames.SKIP : goalSkip) + ")");
      return;
    }
    try (JulBridge bridge = JulBridge.install(getLog())) {
      run();
    } catch (MojoFailureException e) {
      throw userFailure(e.getMessage(), e);
    } catch (MojoExecutionException e) {
      throw new MojoExecutionException(getLog().redact(e.getMessage()), e.getCause());
    } catch (Exception e) {
      Exception translated = Failures.running(goal(), e);
      if (translated instanceof MojoFailureException failure) {
        throw userFailure(failure.getMessage(), e);
      }
      throw new MojoExecutionException(getLog().redact(translated.getMessage()), e);
    }
  }

  /**
   * A user mistake or a refusal, said once: Maven appends the message of every cause it is given,
   * so the cause (the same error in Liquibase's words) goes to the debug log (-X) instead.
   */
  private MojoFailureException userFailure(String message, Exception cause) {
    getLog().debug("What failed, in full:", cause);
    return new MojoFailureException(getLog().redact(message));
  }

  /** A user or project property, for flags that have no parameter of their own. */
  String property(String name) {
    if (session == null) {
      return null;
    }
    String value = session.getUserProperties().getProperty(name);
    if (value == null && session.getCurrentProject() != null) {
      value = session.getCurrentProject().getProperties().getProperty(name);
    }
    return value == null ? session.getSystemProperties().getProperty(name) : value;
  }

  /** The build's shared memory (the Maven session's data), or null outside a Maven session. */
  BuildStore buildStore() {
    if (session == null || session.getRepositorySession() == null) {
      return null;
    }
    org.eclipse.aether.SessionData data = session.getRepositorySession().getData();
    return (key, supplier) -> {
      synchronized (data) {
        Object value = data.get(key);
        if (value == null) {
          value = supplier.get();
          data.set(key, value);
        }
        return value;
      }
    };
  }

  /** The build's log, for citus-operations and citus-check. */
  OperationsLog operationsLog() {
    return new OperationsLog() {
      @Override
      public void info(String line) {
        getLog().info(line);
      }

      @Override
      public void warn(String line) {
        getLog().warn(line);
      }

      @Override
      public void debug(String line) {
        getLog().debug(line);
      }

      @Override
      public boolean debugEnabled() {
        return getLog().isDebugEnabled();
      }
    };
  }
}
