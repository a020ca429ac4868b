package io.github.liquibasecitus.operations;

/** A node as {@code pg_dist_node} names it: host (or socket directory) and port. */
public record NodeAddress(String host, int port) {

  /**
   * Parses {@code host:port}; the host may itself hold colons (IPv6), the port is what follows the
   * last.
   */
  public static NodeAddress parse(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "node '" + text + "' is not host:port, e.g. 10.0.0.12:5432 (as in pg_dist_node)");
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      return new NodeAddress(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "node '" + text + "': the port after the last ':' is not a number, e.g. 10.0.0.12:5432");
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
