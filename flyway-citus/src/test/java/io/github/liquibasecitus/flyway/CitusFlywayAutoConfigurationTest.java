package io.github.liquibasecitus.flyway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.AbstractEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/** The bean the auto-configuration makes, built without starting Spring. */
class CitusFlywayAutoConfigurationTest {

  private static Callback callback(String enabled) {
    return new CitusFlywayAutoConfiguration()
        .citusExtCallback(environment(Map.<String, Object>of("citus.flyway.enabled", enabled)));
  }

  /** Only the given application properties: no system properties, no environment variables. */
  private static Environment environment(Map<String, Object> properties) {
    AbstractEnvironment environment = new AbstractEnvironment() {};
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return environment;
  }

  @Test
  void theBeanNameToReplaceItBy() {
    assertEquals("citusExtCallback", CitusFlywayAutoConfiguration.BEAN);
  }

  @Test
  void enabledItHandlesTheMigrationsStartAndEndOnly() {
    Callback callback = callback("true");
    assertTrue(callback.supports(Event.BEFORE_MIGRATE, null));
    // The end of the migration ends its turn (see Turns).
    assertTrue(callback.supports(Event.AFTER_MIGRATE, null));
    assertTrue(callback.supports(Event.AFTER_MIGRATE_ERROR, null));
    assertFalse(callback.supports(Event.BEFORE_VALIDATE, null));
    assertTrue(callback.canHandleInTransaction(Event.BEFORE_MIGRATE, null));
    assertEquals("citus_ext", callback.getCallbackName());
    assertEquals("citus_ext callback", callback.toString());
  }

  @Test
  void switchedOffItHandlesNothing() {
    Callback callback = callback(" FALSE ");
    assertFalse(callback.supports(Event.BEFORE_MIGRATE, null));
    assertEquals("citus_ext", callback.getCallbackName());
  }

  @Test
  void aMistypedPropertyFailsTheBeanNotSilentlyOff() {
    FlywayException e = assertThrows(FlywayException.class, () -> callback("off"));
    assertEquals("citus.flyway.enabled is 'off': use true or false", e.getMessage());
  }

  @Test
  void withoutThePropertyTheSystemPropertyDecides() {
    String before = System.getProperty(CitusExtCallback.ENABLED);
    System.setProperty(CitusExtCallback.ENABLED, "false");
    try {
      Callback callback =
          new CitusFlywayAutoConfiguration()
              .citusExtCallback(environment(Map.<String, Object>of()));
      assertFalse(callback.supports(Event.BEFORE_MIGRATE, null));
    } finally {
      if (before == null) {
        System.clearProperty(CitusExtCallback.ENABLED);
      } else {
        System.setProperty(CitusExtCallback.ENABLED, before);
      }
    }
  }

  @Test
  void handleRunsTheCallbacksInstall() {
    FakeJdbc db =
        new FakeJdbc(
            "H2",
            sql -> {
              throw new AssertionError("no query on H2: " + sql);
            });
    FlywayException e =
        assertThrows(
            FlywayException.class,
            () ->
                callback("true")
                    .handle(
                        Event.BEFORE_MIGRATE,
                        FakeJdbc.callbackContext(
                            Map.of("citus.flyway.enabled", "true"), db.connection())));
    assertTrue(
        e.getMessage().startsWith("citus_ext: this database is H2, not a Citus coordinator"),
        e.getMessage());
    assertEquals(List.of(), db.sent);
  }

  @Test
  void handleHonoursFlywaysPlaceholderToo() {
    callback("true")
        .handle(
            Event.BEFORE_MIGRATE,
            FakeJdbc.callbackContext(
                Map.of("citus.flyway.enabled", "false"), FakeJdbc.untouchable()));
  }

  @Test
  void eachBeanIsEqualOnlyToItself() {
    Callback a = callback("true");
    Callback b = callback("true");
    assertEquals(a, a);
    assertNotEquals(a, b);
    assertEquals(System.identityHashCode(a), a.hashCode());
  }
}
