package org.tradeplatform.cluster.api;

import java.util.Objects;

/**
 * Proof of holding the lease of one gateway connection: the epoch increases every time any node
 * takes the lease, so a write carrying an older epoch comes from a node that lost it.
 *
 * @param brokerId the gateway connection
 * @param epoch the lease's epoch when this node took it (positive)
 * @param nodeId the holder
 */
public record FencingToken(String brokerId, long epoch, String nodeId) {

  /**
   * Service property of a {@code BrokerSession} opened under a lease: the epoch ({@code Long}) its
   * writes carry. A session without it belongs to a node without leases.
   */
  public static final String EPOCH_PROPERTY = "lease.epoch";

  /** Service property next to {@link #EPOCH_PROPERTY}: the holder's node id. */
  public static final String NODE_PROPERTY = "lease.node";

  public FencingToken {
    Objects.requireNonNull(brokerId, "brokerId");
    Objects.requireNonNull(nodeId, "nodeId");
    if (epoch <= 0) {
      throw new IllegalArgumentException("epoch must be positive, was " + epoch);
    }
  }
}
