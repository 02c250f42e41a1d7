package org.tradeplatform.cluster.lease.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of the lease, validated so that a healthy holder can never pass its own deadline: an
 * invalid or impossible value is refused with a message naming the configuration property.
 *
 * <p>The server ends the holder's idle session, and so releases the lock, no earlier than {@code
 * idleSessionTimeout} after the last renewal arrived; the holder stops by {@code last renewal sent
 * + idleSessionTimeout − safetyMargin}. A healthy holder sends its next renewal at most {@code
 * renewTimeout + renewInterval} after the previous one and learns its outcome at most {@code
 * renewTimeout} later, hence {@code renewInterval + 2 × renewTimeout + safetyMargin <
 * idleSessionTimeout}.
 *
 * @param nodeId this node's name in the lease table and {@code application_name}
 * @param idleSessionTimeout PostgreSQL's {@code idle_session_timeout} on the lease session
 * @param renewInterval pause between the end of one renewal and the next
 * @param renewTimeout bound on one renewal's round trip ({@code setNetworkTimeout})
 * @param safetyMargin how long before the server could release the lock the holder stops
 * @param retryInterval pause between two attempts to take the lease while another node holds it
 */
public record LeaseSettings(
    String nodeId,
    Duration idleSessionTimeout,
    Duration renewInterval,
    Duration renewTimeout,
    Duration safetyMargin,
    Duration retryInterval) {

  /** Longest node id: PostgreSQL truncates {@code application_name} to 63 bytes. */
  public static final int MAX_NODE_ID_LENGTH = 63;

  public LeaseSettings {
    Objects.requireNonNull(nodeId, "nodeId");
    if (nodeId.isBlank()
        || nodeId.length() > MAX_NODE_ID_LENGTH
        || !nodeId.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "nodeId must be 1 to "
              + MAX_NODE_ID_LENGTH
              + " printable ASCII characters without spaces, was '"
              + nodeId
              + "'");
    }
    positive("idleSessionTimeoutMillis", idleSessionTimeout);
    positive("renewIntervalMillis", renewInterval);
    positive("renewTimeoutMillis", renewTimeout);
    positive("safetyMarginMillis", safetyMargin);
    positive("retryIntervalMillis", retryInterval);
    Duration healthyWorstCase = renewInterval.plus(renewTimeout.multipliedBy(2)).plus(safetyMargin);
    if (healthyWorstCase.compareTo(idleSessionTimeout) >= 0) {
      throw new IllegalArgumentException(
          "renewIntervalMillis ("
              + renewInterval.toMillis()
              + ") + 2 × renewTimeoutMillis ("
              + renewTimeout.toMillis()
              + ") + safetyMarginMillis ("
              + safetyMargin.toMillis()
              + ") = "
              + healthyWorstCase.toMillis()
              + " ms must be below idleSessionTimeoutMillis ("
              + idleSessionTimeout.toMillis()
              + "): a healthy holder would pass its own deadline and drop the gateway");
    }
  }

  /** Builds settings from the component configuration; a blank node id means {@code fallback}. */
  static LeaseSettings from(LeaseConfig config, String fallbackNodeId) {
    return new LeaseSettings(
        config.nodeId().isBlank() ? fallbackNodeId : config.nodeId().strip(),
        Duration.ofMillis(config.idleSessionTimeoutMillis()),
        Duration.ofMillis(config.renewIntervalMillis()),
        Duration.ofMillis(config.renewTimeoutMillis()),
        Duration.ofMillis(config.safetyMarginMillis()),
        Duration.ofMillis(config.retryIntervalMillis()));
  }

  /** How long after a renewal was sent the holder may still act on the lease. */
  Duration validity() {
    return idleSessionTimeout.minus(safetyMargin);
  }

  private static void positive(String property, Duration value) {
    Objects.requireNonNull(value, property);
    if (value.toMillis() < 1) {
      throw new IllegalArgumentException(property + " must be positive, was " + value.toMillis());
    }
  }
}
