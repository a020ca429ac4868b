package io.github.liquibasecitus.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.liquibasecitus.check.CitusCheck;
import io.github.liquibasecitus.check.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the hand-written docs and the README say about citus:check's rules agrees with the rule
 * catalog: every rule id they name exists, and a table row that gives a rule's severity gives its
 * default severity. (docs/reference/check-rules.md is generated from the catalog.)
 */
class DocsRulesTest {
  private static final Pattern ID = Pattern.compile("CITUS(\\d{3})(?!\\d)");
  private static final Pattern ROW =
      Pattern.compile(
          "^\\|\\s*(CITUS\\d{3})\\s*\\|\\s*(error|warning|info)\\s*\\|", Pattern.MULTILINE);

  @Test
  void theDocsNameOnlyRulesOfTheCatalogWithTheirSeverity() throws Exception {
    Map<String, Rule> rules =
        CitusCheck.rules().stream().collect(Collectors.toMap(Rule::id, Function.identity()));
    Path root = Path.of("..");
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    List<String> wrong = new ArrayList<>();
    for (Path page : pages) {
      String text = Files.readString(page);
      Matcher id = ID.matcher(text);
      while (id.find()) {
        if (!rules.containsKey(id.group()) && !id.group().endsWith("xx")) {
          wrong.add(page + " names " + id.group() + ", which is no rule of citus:check");
        }
      }
      Matcher row = ROW.matcher(text);
      while (row.find()) {
        Rule rule = rules.get(row.group(1));
        if (rule != null && !rule.severity().name().equalsIgnoreCase(row.group(2))) {
          wrong.add(
              page
                  + " gives "
                  + row.group(1)
                  + " severity "
                  + row.group(2)
                  + "; the catalog says "
                  + rule.severity().name().toLowerCase());
        }
      }
    }
    assertEquals(List.of(), wrong);
  }
}
