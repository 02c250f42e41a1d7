package org.tradeplatform.broker.ibkr.wire;

/**
 * Encodes server messages as TWS / IB Gateway writes them at the negotiated server version; the
 * simulator's side of {@link ServerDecoder}. Message versions are the ones IB sends today
 * (POSITION_DATA 3, POSITION_MULTI 1, PORTFOLIO_VALUE 8, ACCT_VALUE 2); the ERR_MSG layout follows
 * the server version (below 166, 166–193, and from 194, whose layout is unverified against IB's
 * client). Error text is sent as ASCII with {@code \\uXXXX} escapes. A {@code null} double is sent
 * as the unset sentinel {@code 1.7976931348623157E308}, a {@code null} string or quantity as an
 * empty field. Thread-safe (stateless).
 */
public final class ServerEncoder {
  static final int POSITION_DATA_VERSION = 3;
  static final int POSITION_MULTI_VERSION = 1;
  static final int PORTFOLIO_VALUE_VERSION = 8;
  static final int ACCT_VALUE_VERSION = 2;
  static final int ERR_MSG_VERSION = 2;

  private final int serverVersion;

  /**
   * @param serverVersion the negotiated server version (100..200)
   */
  public ServerEncoder(int serverVersion) {
    this.serverVersion = ServerVersions.requireTextProtocol(serverVersion);
  }

  public int serverVersion() {
    return serverVersion;
  }

  /** The hello frame for this encoder's version. */
  public byte[] serverHello(String connectionTime) {
    return Handshake.serverHello(serverVersion, connectionTime);
  }

  /**
   * The complete frame (length prefix included) of one message.
   *
   * @throws IllegalArgumentException for a {@link SkippedMessage}, which has no content to send
   */
  public byte[] encode(ServerMessage message) {
    if (message instanceof PositionData m) {
      FieldWriter w = start(IncomingMessage.POSITION_DATA, 96);
      w.writeInt(POSITION_DATA_VERSION).writeServerString(m.account(), false);
      writeContract(w, m.contract(), true);
      w.writeServerString(m.contract().tradingClass(), false)
          .writeDecimal(m.position())
          .writeDouble(m.averageCost());
      return w.toFrame();
    }
    if (message instanceof ErrorMessage m) {
      return errorMessage(m);
    }
    if (message instanceof NextValidId m) {
      return start(IncomingMessage.NEXT_VALID_ID, 16).writeInt(1).writeInt(m.orderId()).toFrame();
    }
    if (message instanceof ManagedAccounts m) {
      return start(IncomingMessage.MANAGED_ACCTS, 32)
          .writeInt(1)
          .writeServerString(m.accountsList(), false)
          .toFrame();
    }
    if (message instanceof PositionEnd) {
      return start(IncomingMessage.POSITION_END, 16).writeInt(1).toFrame();
    }
    if (message instanceof PositionMulti m) {
      FieldWriter w = start(IncomingMessage.POSITION_MULTI, 96);
      w.writeInt(POSITION_MULTI_VERSION).writeInt(m.reqId()).writeServerString(m.account(), false);
      writeContract(w, m.contract(), true);
      w.writeServerString(m.contract().tradingClass(), false)
          .writeDecimal(m.position())
          .writeDouble(m.averageCost())
          .writeServerString(m.modelCode(), false);
      return w.toFrame();
    }
    if (message instanceof PositionMultiEnd m) {
      return start(IncomingMessage.POSITION_MULTI_END, 16)
          .writeInt(1)
          .writeInt(m.reqId())
          .toFrame();
    }
    if (message instanceof PortfolioValue m) {
      FieldWriter w = start(IncomingMessage.PORTFOLIO_VALUE, 128);
      w.writeInt(PORTFOLIO_VALUE_VERSION);
      writeContract(w, m.contract(), false);
      w.writeServerString(m.contract().tradingClass(), false)
          .writeDecimal(m.position())
          .writeDouble(m.marketPrice())
          .writeDouble(m.marketValue())
          .writeDouble(m.averageCost())
          .writeDouble(m.unrealizedPnl())
          .writeDouble(m.realizedPnl())
          .writeServerString(m.accountName(), false);
      return w.toFrame();
    }
    if (message instanceof AccountValue m) {
      return start(IncomingMessage.ACCT_VALUE, 64)
          .writeInt(ACCT_VALUE_VERSION)
          .writeServerString(m.key(), false)
          .writeServerString(m.value(), false)
          .writeServerString(m.currency(), false)
          .writeServerString(m.accountName(), false)
          .toFrame();
    }
    if (message instanceof AccountUpdateTime m) {
      return start(IncomingMessage.ACCT_UPDATE_TIME, 16)
          .writeInt(1)
          .writeServerString(m.timeStamp(), false)
          .toFrame();
    }
    if (message instanceof AccountDownloadEnd m) {
      return start(IncomingMessage.ACCT_DOWNLOAD_END, 32)
          .writeInt(1)
          .writeServerString(m.accountName(), false)
          .toFrame();
    }
    if (message instanceof PnlSingle m) {
      FieldWriter w = start(IncomingMessage.PNL_SINGLE, 64);
      w.writeInt(m.reqId()).writeDecimal(m.position()).writeDouble(m.dailyPnl());
      if (serverVersion >= ServerVersions.UNREALIZED_PNL) {
        w.writeDouble(m.unrealizedPnl());
      }
      if (serverVersion >= ServerVersions.REALIZED_PNL) {
        w.writeDouble(m.realizedPnl());
      }
      return w.writeDouble(m.value()).toFrame();
    }
    if (message instanceof CurrentTime m) {
      return start(IncomingMessage.CURRENT_TIME, 24)
          .writeInt(1)
          .writeInt(m.epochSeconds())
          .toFrame();
    }
    throw new IllegalArgumentException("cannot encode " + message);
  }

  private byte[] errorMessage(ErrorMessage m) {
    FieldWriter w = start(IncomingMessage.ERR_MSG, 96);
    if (serverVersion >= ServerVersions.ERROR_TIME) {
      // Newer IB source: no version field, trailing epoch-millis. Not verified with IB's client.
      w.writeInt(m.id())
          .writeInt(m.code())
          .writeServerString(m.message(), true)
          .writeServerString(m.advancedOrderRejectJson(), true)
          .writeInt(m.errorTimeMillis() == null ? 0 : m.errorTimeMillis());
      return w.toFrame();
    }
    w.writeInt(ERR_MSG_VERSION)
        .writeInt(m.id())
        .writeInt(m.code())
        .writeServerString(m.message(), true);
    if (serverVersion >= ServerVersions.ADVANCED_ORDER_REJECT) {
      // IB's client fails to decode the message without this field from 166.
      w.writeServerString(m.advancedOrderRejectJson(), true);
    }
    return w.toFrame();
  }

  /**
   * Contract fields from conId to localSymbol. Positions messages write multiplier then exchange;
   * PORTFOLIO_VALUE writes multiplier then primaryExchange.
   */
  private static void writeContract(FieldWriter w, WireContract c, boolean positionLayout) {
    w.writeInt(c.conId())
        .writeServerString(c.symbol(), false)
        .writeServerString(c.secType(), false)
        .writeServerString(c.lastTradeDateOrContractMonth(), false)
        .writeDouble(c.strike())
        .writeServerString(c.right(), false)
        .writeServerString(c.multiplier(), false)
        .writeServerString(positionLayout ? c.exchange() : c.primaryExchange(), false)
        .writeServerString(c.currency(), false)
        .writeServerString(c.localSymbol(), false);
  }

  private static FieldWriter start(IncomingMessage type, int capacity) {
    return new FieldWriter(capacity).writeInt(type.id());
  }
}
