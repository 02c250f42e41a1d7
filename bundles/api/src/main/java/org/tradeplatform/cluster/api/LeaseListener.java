package org.tradeplatform.cluster.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when this node takes or loses a lease. Called on the lease's own threads, one call at a time
 * per claim and in order; an implementation must return quickly and must not call back into the
 * claim's {@link GatewayLease#close()}.
 */
@ConsumerType
public interface LeaseListener {

  /** This node now holds the lease; writes for the gateway carry {@code token}. */
  void acquired(FencingToken token);

  /**
   * This node no longer holds the lease of {@code token}: it was released, the database session was
   * lost, or the local deadline passed. Drop the gateway connection and stop writing.
   */
  void lost(FencingToken token, String reason);
}
