package org.tradeplatform.broker.api;

/** Where one configured gateway connection is in its lifecycle. */
public enum ConnectionState {
  /** Opening the socket, handshaking, or waiting for the managed accounts; no session yet. */
  CONNECTING,
  /** Logged in: the {@link BrokerSession} is registered. */
  READY,
  /** Socket up but the gateway lost its own connection to IB (code 1100): session withdrawn. */
  STALE,
  /** The connection was lost; waiting for the next attempt (backoff). */
  RECONNECTING,
  /**
   * Another node holds the lease for this gateway; this node waits to take over (see {@link
   * ConnectionStatus#leaseHolder()}).
   */
  STANDBY,
  /** The connection component is deactivated or its configuration was refused at start. */
  STOPPED;

  /** True while a {@link BrokerSession} for the connection is registered. */
  public boolean hasSession() {
    return this == READY;
  }
}
