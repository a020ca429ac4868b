package io.github.liquibasecitus.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The text of names and messages in the JUnit XML report: what XML 1.0 cannot hold, escaped. */
class JUnitXmlReportTest {

  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("plain text", "app.orders", "app.orders"),
        Arguments.of("tab, newline and carriage return kept", "a\tb\nc\rd", "a\tb\nc\rd"),
        Arguments.of("ESC and BEL escaped", "\u001b[31mred\u0007", "\\u001b[31mred\\u0007"),
        Arguments.of("NUL escaped", "a\u0000b", "a\\u0000b"),
        Arguments.of("U+FFFE and U+FFFF escaped", "\ufffe\uffff", "\\ufffe\\uffff"),
        Arguments.of("a lone surrogate escaped", "x\ud800y", "x\\ud800y"),
        Arguments.of(
            "the edges of the allowed ranges kept",
            "\u0020\ud7ff\ue000\ufffd",
            " \ud7ff\ue000\ufffd"),
        Arguments.of(
            "characters beyond the BMP kept", "tenant \ud83d\ude00", "tenant \ud83d\ude00"),
        Arguments.of("non-ASCII kept", "Zürich", "Zürich"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void xmlTextEscapesOnlyWhatXmlCannotHold(String description, String text, String expected) {
    assertEquals(expected, JUnitXmlReport.xmlText(text));
  }

  @Test
  void noTextIsEmpty() {
    assertEquals("", JUnitXmlReport.xmlText(null));
  }
}
