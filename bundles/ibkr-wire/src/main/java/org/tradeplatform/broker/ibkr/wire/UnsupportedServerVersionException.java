package org.tradeplatform.broker.ibkr.wire;

/**
 * The server chose a version this library does not speak (IB's client error 506 "Unsupported
 * Version"). Retrying with the same gateway will not help: upgrade TWS / IB Gateway.
 */
public final class UnsupportedServerVersionException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final int serverVersion;

  public UnsupportedServerVersionException(int serverVersion, String message) {
    super(message);
    this.serverVersion = serverVersion;
  }

  /** The version the server announced. */
  public int serverVersion() {
    return serverVersion;
  }
}
