package org.tradeplatform.broker.ibkr.wire;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every request this library can send to TWS / IB Gateway, and nothing else: the client is
 * read-only by construction. There is deliberately no order message here (place, cancel, exercise,
 * global cancel, open orders); {@link ClientEncoder} can only write the ids listed below.
 */
public enum OutgoingMessage {
  /** Starts the API session after the handshake; carries the clientId. */
  START_API(71, 2, ServerVersions.MIN_CLIENT_VERSION),
  /** Asks for the next valid order id (NEXT_VALID_ID); used as a cheap liveness probe. */
  REQ_IDS(8, 1, ServerVersions.MIN_CLIENT_VERSION),
  /** Asks for the server's clock (CURRENT_TIME). */
  REQ_CURRENT_TIME(49, 1, ServerVersions.MIN_CLIENT_VERSION),
  /** Subscribes to positions of every account the login sees. */
  REQ_POSITIONS(61, 1, ServerVersions.MIN_CLIENT_VERSION),
  /** Ends the positions subscription. */
  CANCEL_POSITIONS(64, 1, ServerVersions.MIN_CLIENT_VERSION),
  /** Subscribes to positions of one account or model. */
  REQ_POSITIONS_MULTI(74, 1, ServerVersions.MODELS_SUPPORT),
  /** Ends a per-account positions subscription. */
  CANCEL_POSITIONS_MULTI(75, 1, ServerVersions.MODELS_SUPPORT),
  /** Subscribes to (or, with subscribe = false, ends) account updates of one account. */
  REQ_ACCOUNT_DATA(6, 2, ServerVersions.MIN_CLIENT_VERSION),
  /** Subscribes to PnL of one position (no version field: 0). */
  REQ_PNL_SINGLE(94, 0, ServerVersions.PNL),
  /** Ends a PnL-single subscription. */
  CANCEL_PNL_SINGLE(95, 0, ServerVersions.PNL);

  private final int id;
  private final int version;
  private final int minServerVersion;

  OutgoingMessage(int id, int version, int minServerVersion) {
    this.id = id;
    this.version = version;
    this.minServerVersion = minServerVersion;
  }

  /** The message id written as the first field. */
  public int id() {
    return id;
  }

  /** The message version written as the second field, or 0 when the message has none. */
  public int version() {
    return version;
  }

  /** True when the message carries a version field after its id. */
  public boolean hasVersionField() {
    return version > 0;
  }

  /** The lowest server version that understands this request. */
  public int minServerVersion() {
    return minServerVersion;
  }

  /** The message with this id, or {@code null} when the id is not one we may send. */
  public static OutgoingMessage byId(int id) {
    for (OutgoingMessage m : values()) {
      if (m.id == id) {
        return m;
      }
    }
    return null;
  }

  /** All requests, for tests that prove the set is read-only. */
  public static Set<OutgoingMessage> all() {
    return EnumSet.allOf(OutgoingMessage.class);
  }
}
