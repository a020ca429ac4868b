package io.github.liquibasecitus.maven;

import io.github.liquibasecitus.cluster.Redaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.maven.plugin.logging.Log;

/**
 * Maven's log, with every password taken out, at every level: the passwords this goal knows (the
 * connection's) and any {@code password=} of a JDBC URL. Everything a goal and Liquibase print goes
 * through it.
 */
final class RedactingLog implements Log {
  private final Log log;
  private final Set<String> secrets = new CopyOnWriteArraySet<>();

  RedactingLog(Log log) {
    this.log = log;
  }

  /** A value never to print. */
  void secret(String value) {
    if (value != null && !value.isEmpty()) {
      secrets.add(value);
    }
  }

  /** The text without the secrets. */
  String redact(CharSequence text) {
    if (text == null) {
      return null;
    }
    String s = Redaction.url(text.toString());
    for (String secret : secrets) {
      s = s.replace(secret, "***");
    }
    return s;
  }

  private String redact(CharSequence text, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return redact((text == null ? "" : text + "\n") + trace);
  }

  @Override
  public boolean isDebugEnabled() {
    return log.isDebugEnabled();
  }

  @Override
  public void debug(CharSequence content) {
    // Liquibase says much at debug level: nothing to redact when nobody reads it.
    if (log.isDebugEnabled()) {
      log.debug(redact(content));
    }
  }

  @Override
  public void debug(CharSequence content, Throwable error) {
    if (error == null) {
      debug(content);
    } else if (log.isDebugEnabled()) {
      log.debug(redact(content, error));
    }
  }

  @Override
  public void debug(Throwable error) {
    debug(null, error);
  }

  @Override
  public boolean isInfoEnabled() {
    return log.isInfoEnabled();
  }

  @Override
  public void info(CharSequence content) {
    if (log.isInfoEnabled()) {
      log.info(redact(content));
    }
  }

  @Override
  public void info(CharSequence content, Throwable error) {
    log.info(error == null ? redact(content) : redact(content, error));
  }

  @Override
  public void info(Throwable error) {
    info(null, error);
  }

  @Override
  public boolean isWarnEnabled() {
    return log.isWarnEnabled();
  }

  @Override
  public void warn(CharSequence content) {
    log.warn(redact(content));
  }

  @Override
  public void warn(CharSequence content, Throwable error) {
    log.warn(error == null ? redact(content) : redact(content, error));
  }

  @Override
  public void warn(Throwable error) {
    warn(null, error);
  }

  @Override
  public boolean isErrorEnabled() {
    return log.isErrorEnabled();
  }

  @Override
  public void error(CharSequence content) {
    log.error(redact(content));
  }

  @Override
  public void error(CharSequence content, Throwable error) {
    log.error(error == null ? redact(content) : redact(content, error));
  }

  @Override
  public void error(Throwable error) {
    error(null, error);
  }
}
