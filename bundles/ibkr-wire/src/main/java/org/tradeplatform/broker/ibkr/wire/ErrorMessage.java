package org.tradeplatform.broker.ibkr.wire;

/**
 * ERR_MSG (id 4): an error, warning or status notice, such as 2104 "farm connection is OK", 1100
 * "connectivity lost" or 326 "client id in use".
 *
 * @param id the request or order id it concerns, {@code -1} for connection-level notices
 * @param code IB's error code
 * @param message the text, with {@code \\uXXXX} escapes resolved from server version 153
 * @param advancedOrderRejectJson extra JSON from server version 166, usually {@code null}
 * @param errorTimeMillis epoch milliseconds from server version 194 (layout unverified against IB's
 *     client), else {@code null}
 */
public record ErrorMessage(
    int id, int code, String message, String advancedOrderRejectJson, Long errorTimeMillis)
    implements ServerMessage {

  /** The id IB uses for notices that concern the connection rather than one request. */
  public static final int NO_REQUEST = -1;

  /** A notice without the optional fields. */
  public ErrorMessage(int id, int code, String message) {
    this(id, code, message, null, null);
  }

  @Override
  public int messageId() {
    return IncomingMessage.ERR_MSG.id();
  }

  /** True for IB's informational codes 2100–2199 (farm status and the like). */
  public boolean isWarning() {
    return code >= 2100 && code < 2200;
  }
}
