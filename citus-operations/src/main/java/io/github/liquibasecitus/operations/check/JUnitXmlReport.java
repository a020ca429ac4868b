package io.github.liquibasecitus.operations.check;

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
          xml.writeAttribute("message", f.message());
          xml.writeCharacters(f.line());
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
    xml.writeAttribute("name", name);
    xml.writeAttribute("time", "0");
  }

  private static List<Finding> findingsOf(CheckResult result, Rule rule) {
    return result.findings().stream().filter(f -> f.rule().id().equals(rule.id())).toList();
  }
}
