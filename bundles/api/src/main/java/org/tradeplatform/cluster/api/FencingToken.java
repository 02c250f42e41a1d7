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

  public FencingToken {
    Objects.requireNonNull(brokerId, "brokerId");
    Objects.requireNonNull(nodeId, "nodeId");
    if (epoch <= 0) {
      throw new IllegalArgumentException("epoch must be positive, was " + epoch);
    }
  }
}
