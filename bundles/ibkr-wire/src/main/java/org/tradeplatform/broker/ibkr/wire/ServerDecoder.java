package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes server frames for the negotiated server version; the client's side of {@link
 * ServerEncoder}. Follows IB's official decoder: fields are read in order, extra trailing fields
 * are ignored, unknown message ids come back as a {@link SkippedMessage} (logged once per id at
 * debug). Every malformed frame is a {@link ProtocolException}, never another exception.
 * Thread-safe.
 */
public final class ServerDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(ServerDecoder.class);

  /** Bounds the memory of "already logged" ids against a peer sending random ids. */
  private static final int MAX_REMEMBERED_SKIPPED_IDS = 256;

  private final int serverVersion;
  private final Set<Integer> loggedSkippedIds = ConcurrentHashMap.newKeySet();

  /**
   * @param serverVersion the negotiated server version (100..200)
   */
  public ServerDecoder(int serverVersion) {
    this.serverVersion = ServerVersions.requireTextProtocol(serverVersion);
  }

  public int serverVersion() {
    return serverVersion;
  }

  /** Decodes one payload (without the length prefix). */
  public ServerMessage decode(byte[] payload) throws ProtocolException {
    return decode(payload, 0, payload.length);
  }

  /**
   * Decodes one payload held in {@code buf[offset, offset + length)}.
   *
   * @return the message, or a {@link SkippedMessage} for an id outside the subset
   * @throws ProtocolException when the frame is malformed
   */
  public ServerMessage decode(byte[] buf, int offset, int length) throws ProtocolException {
    FieldReader r = new FieldReader(buf, offset, length);
    int id = r.readInt("messageId");
    IncomingMessage type = IncomingMessage.byId(id);
    if (type == null) {
      return skipped(id);
    }
    switch (type) {
      case POSITION_DATA:
        return positionData(r);
      case ERR_MSG:
        return errorMessage(r);
      case NEXT_VALID_ID:
        r.skip("version");
        return new NextValidId(r.readInt("orderId"));
      case MANAGED_ACCTS:
        r.skip("version");
        return ManagedAccounts.parse(r.readString("accountsList"));
      case POSITION_END:
        r.skip("version");
        return new PositionEnd();
      case POSITION_MULTI:
        return positionMulti(r);
      case POSITION_MULTI_END:
        r.skip("version");
        return new PositionMultiEnd(r.readInt("reqId"));
      case PORTFOLIO_VALUE:
        return portfolioValue(r);
      case ACCT_VALUE:
        {
          int version = r.readInt("version");
          String key = r.readString("key");
          String value = r.readString("value");
          String currency = r.readString("currency");
          String account = version >= 2 ? r.readString("accountName") : null;
          return new AccountValue(key, value, currency, account);
        }
      case ACCT_UPDATE_TIME:
        r.skip("version");
        return new AccountUpdateTime(r.readString("timeStamp"));
      case ACCT_DOWNLOAD_END:
        r.skip("version");
        return new AccountDownloadEnd(r.readString("accountName"));
      case PNL_SINGLE:
        return pnlSingle(r);
      case CURRENT_TIME:
        r.skip("version");
        return new CurrentTime(r.readLong("time"));
      default:
        return skipped(id);
    }
  }

  private SkippedMessage skipped(int id) {
    if (LOG.isDebugEnabled()
        && loggedSkippedIds.size() < MAX_REMEMBERED_SKIPPED_IDS
        && loggedSkippedIds.add(id)) {
      LOG.debug("skipping server message id {} (not decoded; further ones not logged)", id);
    }
    return new SkippedMessage(id);
  }

  private ServerMessage errorMessage(FieldReader r) throws ProtocolException {
    if (serverVersion >= ServerVersions.ERROR_TIME) {
      // Layout of the newer IB source, unverified against IB's 10.30 client (its max is 187).
      int id = r.readInt("id");
      int code = r.readInt("errorCode");
      String message = unescape(r.readString("errorMsg"));
      String json = r.hasField() ? unescape(r.readString("advancedOrderRejectJson")) : null;
      Long time = r.hasField() ? r.readLong("errorTime") : null;
      return new ErrorMessage(id, code, message, json, time);
    }
    int version = r.readInt("version");
    if (version < 2) {
      return new ErrorMessage(ErrorMessage.NO_REQUEST, 0, r.readString("errorMsg"));
    }
    int id = r.readInt("id");
    int code = r.readInt("errorCode");
    String message = unescape(r.readString("errorMsg"));
    // Mandatory for IB's client from 166; tolerated when missing, as a robust reader should.
    String json =
        serverVersion >= ServerVersions.ADVANCED_ORDER_REJECT && r.hasField()
            ? unescape(r.readString("advancedOrderRejectJson"))
            : null;
    return new ErrorMessage(id, code, message, json, null);
  }

  private String unescape(String s) {
    return serverVersion >= ServerVersions.ENCODE_MSG_ASCII7 ? decodeUnicodeEscapes(s) : s;
  }

  /** Replaces each {@code \\uXXXX} (four hex digits) with its character; anything else stays. */
  static String decodeUnicodeEscapes(String s) {
    if (s == null || s.indexOf("\\u") < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\\' && i + 6 <= n && s.charAt(i + 1) == 'u') {
        int value = hex4(s, i + 2);
        if (value >= 0) {
          out.append((char) value);
          i += 6;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static int hex4(String s, int from) {
    int v = 0;
    for (int k = from; k < from + 4; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    return v;
  }

  private static PositionData positionData(FieldReader r) throws ProtocolException {
    int version = r.readInt("version");
    String account = r.readString("account");
    int conId = r.readInt("conId");
    String symbol = r.readString("symbol");
    String secType = r.readString("secType");
    String lastTradeDate = r.readString("lastTradeDateOrContractMonth");
    Double strike = r.readDouble("strike");
    String right = r.readString("right");
    String multiplier = r.readString("multiplier");
    String exchange = r.readString("exchange");
    String currency = r.readString("currency");
    String localSymbol = r.readString("localSymbol");
    String tradingClass = version >= 2 ? r.readString("tradingClass") : null;
    BigDecimal position = r.readDecimal("position");
    Double averageCost = version >= 3 ? r.readDouble("avgCost") : null;
    WireContract contract =
        new WireContract(
            conId,
            symbol,
            secType,
            lastTradeDate,
            strike,
            right,
            multiplier,
            exchange,
            null,
            currency,
            localSymbol,
            tradingClass);
    return new PositionData(account, contract, position, averageCost);
  }

  private static PositionMulti positionMulti(FieldReader r) throws ProtocolException {
    r.skip("version"); // ignored by IB's client too
    int reqId = r.readInt("reqId");
    String account = r.readString("account");
    WireContract contract =
        new WireContract(
            r.readInt("conId"),
            r.readString("symbol"),
            r.readString("secType"),
            r.readString("lastTradeDateOrContractMonth"),
            r.readDouble("strike"),
            r.readString("right"),
            r.readString("multiplier"),
            r.readString("exchange"),
            null,
            r.readString("currency"),
            r.readString("localSymbol"),
            r.readString("tradingClass"));
    BigDecimal position = r.readDecimal("position");
    Double averageCost = r.readDouble("avgCost");
    String modelCode = r.readString("modelCode");
    return new PositionMulti(reqId, account, modelCode, contract, position, averageCost);
  }

  private static PortfolioValue portfolioValue(FieldReader r) throws ProtocolException {
    int version = r.readInt("version");
    int conId = version >= 6 ? r.readInt("conId") : 0;
    String symbol = r.readString("symbol");
    String secType = r.readString("secType");
    String lastTradeDate = r.readString("lastTradeDateOrContractMonth");
    Double strike = r.readDouble("strike");
    String right = r.readString("right");
    String multiplier = null;
    String primaryExchange = null;
    if (version >= 7) {
      multiplier = r.readString("multiplier");
      primaryExchange = r.readString("primaryExchange");
    }
    String currency = r.readString("currency");
    String localSymbol = version >= 2 ? r.readString("localSymbol") : null;
    String tradingClass = version >= 8 ? r.readString("tradingClass") : null;
    BigDecimal position = r.readDecimal("position");
    Double marketPrice = r.readDouble("marketPrice");
    Double marketValue = r.readDouble("marketValue");
    Double averageCost = null;
    Double unrealized = null;
    Double realized = null;
    if (version >= 3) {
      averageCost = r.readDouble("averageCost");
      unrealized = r.readDouble("unrealizedPNL");
      realized = r.readDouble("realizedPNL");
    }
    String account = version >= 4 ? r.readString("accountName") : null;
    WireContract contract =
        new WireContract(
            conId,
            symbol,
            secType,
            lastTradeDate,
            strike,
            right,
            multiplier,
            null,
            primaryExchange,
            currency,
            localSymbol,
            tradingClass);
    return new PortfolioValue(
        contract, position, marketPrice, marketValue, averageCost, unrealized, realized, account);
  }

  private PnlSingle pnlSingle(FieldReader r) throws ProtocolException {
    int reqId = r.readInt("reqId");
    BigDecimal position = r.readDecimal("pos");
    Double daily = r.readDouble("dailyPnL");
    Double unrealized =
        serverVersion >= ServerVersions.UNREALIZED_PNL ? r.readDouble("unrealizedPnL") : null;
    Double realized =
        serverVersion >= ServerVersions.REALIZED_PNL ? r.readDouble("realizedPnL") : null;
    Double value = r.readDouble("value");
    return new PnlSingle(reqId, position, daily, unrealized, realized, value);
  }
}
