package org.tradeplatform.broker.ibkr.wire;

/**
 * Server-version thresholds of the TWS protocol that matter for the positions/PnL subset (IB's
 * {@code EClient.MIN_SERVER_VER_*} constants), and the range this library speaks.
 */
public final class ServerVersions {
  private ServerVersions() {}

  /** START_API gains the optionalCapabilities field. */
  public static final int OPTIONAL_CAPABILITIES = 72;

  /** Lowest version of the length-prefixed ("v100+") protocol. */
  public static final int MIN_CLIENT_VERSION = 100;

  /** REQ/CANCEL_POSITIONS_MULTI exist. */
  public static final int MODELS_SUPPORT = 103;

  /** REQ_PNL_SINGLE and PNL_SINGLE exist. */
  public static final int PNL = 127;

  /** PNL_SINGLE carries unrealizedPnL. */
  public static final int UNREALIZED_PNL = 129;

  /** PNL_SINGLE carries realizedPnL; also the lowest version this library accepts. */
  public static final int REALIZED_PNL = 135;

  /** Error text may carry {@code \\uXXXX} escapes for non-ASCII characters. */
  public static final int ENCODE_MSG_ASCII7 = 153;

  /** ERR_MSG gains the advancedOrderRejectJson field. */
  public static final int ADVANCED_ORDER_REJECT = 166;

  /** IB Java 10.30's maximum and ours: the highest version our client advertises. */
  public static final int MAX_CLIENT_VERSION = 187;

  /** ERR_MSG loses its version field and gains a trailing errorTime. */
  public static final int ERROR_TIME = 194;

  /** Last version with a text-only protocol; from 201 message ids are binary (protobuf era). */
  public static final int LAST_TEXT_ONLY = 200;

  /** The lowest negotiated server version this library accepts (realized PnL present). */
  public static final int MIN_SUPPORTED = REALIZED_PNL;

  /** Checks that {@code serverVersion} is one the text codecs can speak. */
  static int requireTextProtocol(int serverVersion) {
    if (serverVersion < MIN_CLIENT_VERSION || serverVersion > LAST_TEXT_ONLY) {
      throw new IllegalArgumentException(
          "server version "
              + serverVersion
              + " is outside the text protocol range "
              + MIN_CLIENT_VERSION
              + ".."
              + LAST_TEXT_ONLY);
    }
    return serverVersion;
  }
}
