package io.github.liquibasecitus.ext;

import java.util.Collection;
import java.util.TreeSet;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;

/**
 * Refuses an attribute that a change or precondition does not have. Liquibase's YAML and JSON
 * parsers drop unknown keys silently (the XML parser has the XSD), so {@code tenant:} written for
 * {@code tenantId:} would otherwise leave a table in no tenant.
 */
public final class UnknownAttributes {
  private UnknownAttributes() {}

  public static void check(String owner, ParsedNode node, Collection<String> known)
      throws ParsedNodeException {
    for (ParsedNode child : node.getChildren()) {
      if (!known.contains(child.getName())) {
        throw new ParsedNodeException(
            owner
                + " has no attribute '"
                + child.getName()
                + "': use one of "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
  }
}
