package org.tradeplatform.cluster.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Hands out leases on gateway connections, one holder per {@code broker.id} among every node that
 * shares the database. Registered only where leases are configured (lease mode).
 */
@ProviderType
public interface GatewayLeases {

  /** This node's id, as other nodes see it in {@link LeaseStatus#holder()}. */
  String nodeId();

  /**
   * The fencing bound: how long after a holder's last renewal the database may give its lease to
   * another node. A former holder that still runs has stopped by then; only a frozen one may still
   * hold its gateway socket.
   */
  java.time.Duration fencingBound();

  /**
   * Starts competing for the lease of {@code brokerId}: the returned claim tries at once and then
   * at the configured retry interval until it holds the lease, and keeps it until it is lost,
   * {@linkplain GatewayLease#release() released} or {@linkplain GatewayLease#close() closed}.
   *
   * @throws IllegalStateException if this node already claims {@code brokerId}
   */
  GatewayLease claim(String brokerId, LeaseListener listener);
}
