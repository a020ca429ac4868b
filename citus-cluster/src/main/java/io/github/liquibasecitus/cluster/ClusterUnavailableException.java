package io.github.liquibasecitus.cluster;

/** No way to reach or start a Citus cluster was found; the message says the ways there are. */
public class ClusterUnavailableException extends RuntimeException {
  public ClusterUnavailableException(String message) {
    super(message);
  }
}
