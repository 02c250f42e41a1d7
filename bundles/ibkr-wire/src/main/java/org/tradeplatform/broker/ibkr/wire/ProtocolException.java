package org.tradeplatform.broker.ibkr.wire;

import java.io.IOException;

/**
 * The peer broke the TWS socket protocol: an oversized or truncated frame, a missing or malformed
 * field, a refused handshake. The connection cannot be trusted afterwards, so the only sensible
 * reaction is to close it (and, on the client side, reconnect). It is an {@link IOException} so
 * that a reader loop handles it together with socket failures.
 */
public class ProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
