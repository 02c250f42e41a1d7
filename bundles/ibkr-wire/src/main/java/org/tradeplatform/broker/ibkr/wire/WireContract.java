package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;
import org.tradeplatform.broker.api.Contract;

/**
 * The contract fields that POSITION_DATA, POSITION_MULTI and PORTFOLIO_VALUE carry, exactly as on
 * the wire ({@code null} for empty fields).
 *
 * <p>Note IB's asymmetry: POSITION_DATA and POSITION_MULTI fill {@code exchange}, while
 * PORTFOLIO_VALUE puts the same field into {@code primaryExchange}. {@link #toContract()} maps
 * whichever is present to the API's single exchange.
 *
 * @param conId IB's contract id
 * @param symbol underlying symbol
 * @param secType STK, OPT, FUT, ...
 * @param lastTradeDateOrContractMonth expiry, {@code yyyyMMdd} or {@code yyyyMM}
 * @param strike strike (0.0 for non-options), {@code null} when unset
 * @param right C or P for options
 * @param multiplier contract multiplier as text
 * @param exchange exchange (positions messages)
 * @param primaryExchange primary exchange (portfolio messages)
 * @param currency currency
 * @param localSymbol the exchange's symbol
 * @param tradingClass trading class
 */
public record WireContract(
    int conId,
    String symbol,
    String secType,
    String lastTradeDateOrContractMonth,
    Double strike,
    String right,
    String multiplier,
    String exchange,
    String primaryExchange,
    String currency,
    String localSymbol,
    String tradingClass) {

  /**
   * The broker-neutral contract. A strike of 0 (stocks, futures) becomes {@code null}, "not
   * applicable"; a double strike maps to the decimal it prints as ({@code 200.0} → 200).
   *
   * @throws IllegalArgumentException when conId is not positive or the symbol is blank
   */
  public Contract toContract() {
    BigDecimal strikeValue =
        strike == null || strike == 0.0 || strike.isNaN() || strike.isInfinite()
            ? null
            : new BigDecimal(Double.toString(strike));
    return new Contract(
        conId,
        symbol,
        secType,
        currency,
        exchange != null ? exchange : primaryExchange,
        localSymbol,
        tradingClass,
        lastTradeDateOrContractMonth,
        strikeValue,
        right,
        multiplier);
  }

  /**
   * The wire contract of an API contract, as a simulator sends it in POSITION_DATA (a missing
   * strike is sent as 0.0, as IB does for stocks).
   *
   * @throws ArithmeticException when the conId does not fit IB's 32-bit field
   */
  public static WireContract forPosition(Contract c) {
    return new WireContract(
        Math.toIntExact(c.conId()),
        c.symbol(),
        c.secType(),
        c.expiry(),
        c.strike() == null ? 0.0 : c.strike().doubleValue(),
        c.right(),
        c.multiplier(),
        c.exchange(),
        null,
        c.currency(),
        c.localSymbol(),
        c.tradingClass());
  }

  /** The wire contract of an API contract, as a simulator sends it in PORTFOLIO_VALUE. */
  public static WireContract forPortfolio(Contract c) {
    WireContract p = forPosition(c);
    return new WireContract(
        p.conId,
        p.symbol,
        p.secType,
        p.lastTradeDateOrContractMonth,
        p.strike,
        p.right,
        p.multiplier,
        null,
        c.exchange(),
        p.currency,
        p.localSymbol,
        p.tradingClass);
  }
}
