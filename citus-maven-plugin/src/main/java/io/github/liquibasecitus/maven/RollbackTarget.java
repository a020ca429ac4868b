package io.github.liquibasecitus.maven;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Date;
import org.apache.maven.plugin.MojoFailureException;

/** What to roll back to: a count of changesets, a tag or a date; exactly one of them. */
record RollbackTarget(String command, String argument, Object value) {

  static RollbackTarget of(Integer count, String tag, String date, boolean sql)
      throws MojoFailureException {
    int given = (count != null ? 1 : 0) + (tag != null ? 1 : 0) + (date != null ? 1 : 0);
    if (given != 1) {
      throw new MojoFailureException(
          "Say what to roll back with exactly one of -D"
              + PropertyNames.ROLLBACK_COUNT
              + "=N, -D"
              + PropertyNames.ROLLBACK_TAG
              + "=TAG or -D"
              + PropertyNames.ROLLBACK_DATE
              + "=yyyy-MM-dd['T'HH:mm:ss]");
    }
    String suffix = sql ? "Sql" : "";
    if (count != null) {
      if (count < 1) {
        throw new MojoFailureException(
            PropertyNames.ROLLBACK_COUNT + " must be at least 1, not " + count);
      }
      return new RollbackTarget("rollbackCount" + suffix, "count", count);
    }
    if (tag != null) {
      return new RollbackTarget("rollback" + suffix, "tag", tag);
    }
    return new RollbackTarget("rollbackToDate" + suffix, "date", parseDate(date));
  }

  /** A local date, or date and time (with {@code T} or a space), in this machine's time zone. */
  static Date parseDate(String date) throws MojoFailureException {
    LocalDateTime time;
    try {
      time =
          date.length() == 10
              ? LocalDate.parse(date).atStartOfDay()
              : LocalDateTime.parse(date.replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      throw new MojoFailureException(
          PropertyNames.ROLLBACK_DATE
              + " '"
              + date
              + "' is not a date like 2026-11-23 or 2026-11-23T14:30:00");
    }
    return Date.from(time.atZone(ZoneId.systemDefault()).toInstant());
  }
}
