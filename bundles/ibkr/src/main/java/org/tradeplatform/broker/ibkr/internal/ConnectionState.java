package org.tradeplatform.broker.ibkr.internal;

/** Where a gateway connection is in its lifecycle (DESIGN.md §4). */
public enum ConnectionState {
  /** No socket; waiting for the next attempt. */
  DISCONNECTED,
  /** Connecting, handshaking, or waiting for nextValidId and managedAccounts. */
  CONNECTING,
  /** Ready: the session is registered. */
  CONNECTED,
  /** Socket up but the gateway lost its own connection to IB (code 1100); session withdrawn. */
  STALE,
  /** Lease mode: another node holds this gateway's lease (or none can be taken); not connecting. */
  STANDBY,
  /** Deactivated. */
  STOPPED
}
