package org.tradeplatform.broker.ibkr.wire;

/** The server messages this library decodes; every other id is skipped. */
public enum IncomingMessage {
  ERR_MSG(4),
  NEXT_VALID_ID(9),
  MANAGED_ACCTS(15),
  POSITION_DATA(61),
  POSITION_END(62),
  POSITION_MULTI(71),
  POSITION_MULTI_END(72),
  PORTFOLIO_VALUE(7),
  ACCT_VALUE(6),
  ACCT_UPDATE_TIME(8),
  ACCT_DOWNLOAD_END(54),
  PNL_SINGLE(95),
  CURRENT_TIME(49);

  private static final IncomingMessage[] BY_ID = new IncomingMessage[100];

  static {
    for (IncomingMessage m : values()) {
      BY_ID[m.id] = m;
    }
  }

  private final int id;

  IncomingMessage(int id) {
    this.id = id;
  }

  /** The message id written as the first field. */
  public int id() {
    return id;
  }

  /** The message with this id, or {@code null} when we do not decode it. */
  public static IncomingMessage byId(int id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
  }
}
