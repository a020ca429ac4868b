package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyNamesTest {

  @Test
  void eachGoalHasItsOwnSkipFlag() {
    assertEquals("citus.update.skip", PropertyNames.skip("update"));
    assertEquals("citus.releaseLocks.skip", PropertyNames.skip(ReleaseLocksMojo.GOAL));
    assertEquals("citus.skip", PropertyNames.SKIP, "and one for every goal");
  }

  @Test
  void everyPropertyIsACitusPropertyAndNoTwoShareAName() throws IllegalAccessException {
    Map<String, String> fieldOf = new HashMap<>();
    for (Field f : PropertyNames.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String name = (String) f.get(null);
        assertTrue(name.startsWith("citus."), f.getName() + " = " + name);
        String other = fieldOf.put(name, f.getName());
        assertNull(other, name + " is both " + other + " and " + f.getName());
      }
    }
    assertEquals("URL", fieldOf.get("citus.url"), "the constants were read: " + fieldOf);
    assertEquals("CHECK_CLUSTER", fieldOf.get("citus.check.cluster"));
  }
}
