package io.github.liquibasecitus.cluster;

/** A running cluster named by the caller, used as it is and never stopped by us. */
class ExternalCitusCluster implements CitusCluster {
  private final String url;
  private final String username;
  private final String password;

  ExternalCitusCluster(String url, String username, String password) {
    this.url = url;
    this.username = username;
    this.password = password;
  }

  @Override
  public String jdbcUrl() {
    return url;
  }

  @Override
  public String username() {
    return username;
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public String description() {
    return "external cluster at " + Redaction.url(url);
  }

  @Override
  public void close() {
    // Not ours to stop.
  }
}
