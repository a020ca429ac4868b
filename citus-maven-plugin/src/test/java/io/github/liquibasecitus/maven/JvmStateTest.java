package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** The JVM-wide state goals change is right when goals overlap, as under {@code mvn -T}. */
class JvmStateTest {

  @Test
  void overlappingGoalsKeepTheLockMarkUntilTheLastEnds() {
    assertNull(System.getProperty("liquibase.hostDescription"));
    boolean first = ChangeLogLocks.markOurs();
    boolean second = ChangeLogLocks.markOurs();
    assertTrue(first && second);
    ChangeLogLocks.unmark(first);
    assertEquals("citus-maven-plugin", System.getProperty("liquibase.hostDescription"));
    ChangeLogLocks.unmark(second);
    assertNull(System.getProperty("liquibase.hostDescription"));
  }

  @Test
  void aDescriptionTheUserChoseIsLeftAlone() {
    System.setProperty("liquibase.hostDescription", "ci-runner-7");
    try {
      boolean marked = ChangeLogLocks.markOurs();
      assertFalse(marked);
      ChangeLogLocks.unmark(marked);
      assertEquals("ci-runner-7", System.getProperty("liquibase.hostDescription"));
    } finally {
      System.clearProperty("liquibase.hostDescription");
    }
  }

  @Test
  void eachGoalGetsItsOwnThreadsLinesAndJulIsRestoredAfterTheLast() throws Exception {
    Logger liquibase = Logger.getLogger("liquibase");
    boolean before = liquibase.getUseParentHandlers();
    Recording a = new Recording();
    Recording b = new Recording();
    ExecutorService otherGoal = Executors.newSingleThreadExecutor();
    try {
      JulBridge first = JulBridge.install(a);
      JulBridge second =
          otherGoal
              .submit(
                  () -> {
                    JulBridge bridge = JulBridge.install(b);
                    Logger.getLogger("liquibase.changelog").log(Level.INFO, "from b");
                    return bridge;
                  })
              .get();
      Logger.getLogger("liquibase.changelog").log(Level.INFO, "from a");
      first.close();
      assertFalse(liquibase.getUseParentHandlers(), "the other goal still runs");
      otherGoal.submit(second::close).get();
    } finally {
      otherGoal.shutdown();
    }
    assertEquals(before, liquibase.getUseParentHandlers());
    assertEquals(List.of("from a"), a.lines);
    assertEquals(List.of("from b"), b.lines);
  }

  private static final class Recording extends SystemStreamLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public void debug(CharSequence content, Throwable error) {
      lines.add(content.toString());
    }
  }
}
