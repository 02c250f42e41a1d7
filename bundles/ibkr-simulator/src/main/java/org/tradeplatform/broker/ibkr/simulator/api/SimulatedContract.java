package org.tradeplatform.broker.ibkr.simulator.api;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An instrument as the simulator reports it in POSITION_DATA. Empty descriptive fields may be
 * {@code null}; they go out as empty fields.
 *
 * @param conId contract id, positive
 * @param symbol symbol, not blank
 * @param secType security type such as {@code STK}, {@code OPT}, {@code FUT}
 * @param currency currency
 * @param exchange exchange (often empty for positions)
 * @param localSymbol local symbol
 * @param tradingClass trading class
 * @param expiry last trade date or contract month
 * @param strike strike, {@code null} when not an option
 * @param right {@code C} or {@code P}
 * @param multiplier multiplier as text, {@code null} for stocks
 */
public record SimulatedContract(
    long conId,
    String symbol,
    String secType,
    String currency,
    String exchange,
    String localSymbol,
    String tradingClass,
    String expiry,
    BigDecimal strike,
    String right,
    String multiplier) {

  public SimulatedContract {
    if (conId <= 0) {
      throw new IllegalArgumentException("conId must be positive, was " + conId);
    }
    Objects.requireNonNull(symbol, "symbol");
    if (symbol.isBlank()) {
      throw new IllegalArgumentException("symbol must not be blank");
    }
    Objects.requireNonNull(secType, "secType");
  }

  /** A stock on NASDAQ-style fields: exchange NASDAQ, trading class NMS. */
  public static SimulatedContract stock(long conId, String symbol, String currency) {
    return new SimulatedContract(
        conId, symbol, "STK", currency, "NASDAQ", symbol, "NMS", null, null, null, null);
  }

  /** The price multiplier as a number (1 when unset or not numeric). */
  public BigDecimal multiplierValue() {
    if (multiplier == null || multiplier.isBlank()) {
      return BigDecimal.ONE;
    }
    try {
      return new BigDecimal(multiplier.trim());
    } catch (NumberFormatException e) {
      return BigDecimal.ONE;
    }
  }
}
