package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only true and false, in any case, for a yes-or-no option; anything else stops the goal. */
class BooleanOptionsTest {
  private static final String DRY_RUN = "<dryRun> (-Dcitus.dryRun)";

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"true", "TRUE", "True", " true\n"})
  void trueInAnyCase(String value) throws MojoFailureException {
    assertEquals(Boolean.TRUE, BooleanOptions.parse(DRY_RUN, value));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"false", "FALSE", "fAlSe", "\tfalse "})
  void falseInAnyCase(String value) throws MojoFailureException {
    assertEquals(Boolean.FALSE, BooleanOptions.parse(DRY_RUN, value));
  }

  @Test
  void noValueIsNoValue() throws MojoFailureException {
    assertNull(BooleanOptions.parse(DRY_RUN, null));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"ture", "1", "0", "yes", "on", "", " "})
  void anythingElseIsRefusedNamingTheOptionAndTheValueAsWritten(String value) {
    MojoFailureException e =
        assertThrows(MojoFailureException.class, () -> BooleanOptions.parse(DRY_RUN, value));
    assertEquals(
        "<dryRun> (-Dcitus.dryRun) is '" + value + "': use true or false (nothing ran)",
        e.getMessage());
  }
}
