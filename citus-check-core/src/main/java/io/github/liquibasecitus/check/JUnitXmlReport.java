package io.github.liquibasecitus.check;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The result as JUnit XML, the format CI servers list tests from: each rule a test case (passed
 * when it found nothing), each finding a failed test case of its rule, named with its location.
 */
public final class JUnitXmlReport {
  private JUnitXmlReport() {}

  public static void write(CheckResult result, Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      int cases = 0;
      for (Rule rule : result.rules()) {
        cases += Math.max(1, findingsOf(result, rule).size());
      }
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", "citus:check");
      xml.writeAttribute("tests", String.valueOf(cases));
      xml.writeAttribute("failures", String.valueOf(result.findings().size()));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("skipped", "0");
      xml.writeAttribute("time", "0");
      for (Rule rule : result.rules()) {
        List<Finding> found = findingsOf(result, rule);
        if (found.isEmpty()) {
          testCase(xml, rule, rule.id() + " " + rule.title());
          xml.writeEndElement();
        }
        for (Finding f : found) {
          testCase(
              xml, rule, rule.id() + " " + rule.title() + " [" + f.location().describe() + "]");
          xml.writeStartElement("failure");
          xml.writeAttribute("type", f.severity().label());
          xml.writeAttribute("message", xmlText(f.message()));
          xml.writeCharacters(xmlText(f.line()));
          xml.writeEndElement();
          xml.writeEndElement();
        }
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("Could not write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void testCase(XMLStreamWriter xml, Rule rule, String name)
      throws XMLStreamException {
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", "citus.check." + rule.id());
    xml.writeAttribute("name", xmlText(name));
    xml.writeAttribute("time", "0");
  }

  /**
   * The text with every character that XML 1.0 cannot hold (control characters such as ESC or BEL,
   * U+FFFE, U+FFFF, lone surrogates) written out as a Java-style escape (ESC as backslash, u001b):
   * a table name or changeset id may hold them, and one would make the whole report unreadable.
   */
  static String xmlText(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              boolean allowed =
                  c == 0x9
                      || c == 0xA
                      || c == 0xD
                      || (c >= 0x20 && c <= 0xD7FF)
                      || (c >= 0xE000 && c <= 0xFFFD)
                      || (c >= 0x10000 && c <= 0x10FFFF);
              if (allowed) {
                out.appendCodePoint(c);
              } else {
                out.append(String.format("\\u%04x", c));
              }
            });
    return out.toString();
  }

  private static List<Finding> findingsOf(CheckResult result, Rule rule) {
    return result.findings().stream().filter(f -> f.rule().id().equals(rule.id())).toList();
  }
}
