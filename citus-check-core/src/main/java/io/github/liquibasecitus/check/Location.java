package io.github.liquibasecitus.check;

/**
 * Where a finding is: a changelog file and line with its changeset ({@code id::author}), or an
 * object of the cluster ({@code schema.table}, a node, a job).
 *
 * @param file the changelog's path as Liquibase knows it, or null for a cluster finding
 * @param line 1-based line of the changeset in the file; 0 if unknown
 * @param changeSet {@code id::author}, or null
 * @param object the table, schema, tenant, node or job concerned, or null
 */
public record Location(String file, int line, String changeSet, String object) {

  public static Location ofObject(String object) {
    return new Location(null, 0, null, object);
  }

  /** {@code db/tenants.xml:42 changeset acme-tables::platform (app.orders)}, as far as known. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    if (file != null) {
      s.append(file);
      if (line > 0) {
        s.append(':').append(line);
      }
    }
    if (changeSet != null) {
      s.append(s.length() > 0 ? " " : "").append("changeset ").append(changeSet);
    }
    if (object != null) {
      s.append(s.length() > 0 ? " (" + object + ")" : object);
    }
    return s.toString();
  }
}
