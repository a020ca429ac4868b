package io.github.liquibasecitus.ext;

import liquibase.parser.LiquibaseParser;
import liquibase.parser.NamespaceDetails;
import liquibase.parser.core.xml.XMLChangeLogSAXParser;
import liquibase.serializer.LiquibaseSerializer;
import liquibase.serializer.core.xml.XMLChangeLogSerializer;

/**
 * The XML namespace of the Citus change types and preconditions, and where its XSD is: on the
 * classpath, at the URL's path, so changelogs validate offline.
 */
public final class CitusNamespace implements NamespaceDetails {
  public static final String NAMESPACE = "https://liquibase-citus.github.io/xml/ns/citus";
  public static final String XSD = NAMESPACE + "/liquibase-citus-0.1.xsd";

  @Override
  public int getPriority() {
    return PRIORITY_EXTENSION;
  }

  @Override
  public boolean supports(LiquibaseSerializer serializer, String namespaceOrUrl) {
    return serializer instanceof XMLChangeLogSerializer && NAMESPACE.equals(namespaceOrUrl);
  }

  @Override
  public boolean supports(LiquibaseParser parser, String namespaceOrUrl) {
    return parser instanceof XMLChangeLogSAXParser && NAMESPACE.equals(namespaceOrUrl);
  }

  @Override
  public String getShortName(String namespaceOrUrl) {
    return "citus";
  }

  @Override
  public String getSchemaUrl(String namespaceOrUrl) {
    return XSD;
  }

  @Override
  public String[] getNamespaces() {
    return new String[] {NAMESPACE};
  }
}
