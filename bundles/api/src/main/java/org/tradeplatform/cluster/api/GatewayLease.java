package org.tradeplatform.cluster.api;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** This node's claim on the lease of one gateway connection. Thread-safe. */
@ProviderType
public interface GatewayLease extends AutoCloseable {

  /** The gateway connection this claim is for. */
  String brokerId();

  /** Where the claim stands now. */
  LeaseStatus status();

  /**
   * The token of the lease while this node holds it and its local deadline has not passed; empty
   * otherwise. Every write made for the gateway carries it.
   */
  Optional<FencingToken> token();

  /**
   * Gives the lease up now, if held, and competes again after twice the retry interval, so that a
   * node which can reach the gateway takes it first.
   */
  void release();

  /** Gives the lease up, if held, and stops competing. */
  @Override
  void close();
}
