package org.tradeplatform.broker.api;

import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The instrument of a position, as the broker describes it. Only {@code conId} identifies it; the
 * other fields are descriptive and may be {@code null} when the broker leaves them empty.
 *
 * @param conId the broker's contract id, positive
 * @param symbol the underlying symbol, not blank
 * @param secType security type such as {@code STK}, {@code OPT}, {@code FUT}
 * @param currency ISO currency of the contract
 * @param exchange the exchange the broker reports (often empty for positions)
 * @param localSymbol the exchange's own symbol
 * @param tradingClass the trading class
 * @param expiry last trade date or contract month ({@code yyyyMMdd} or {@code yyyyMM})
 * @param strike strike of an option, {@code null} when not applicable
 * @param right {@code C} or {@code P} for options
 * @param multiplier contract multiplier as the broker writes it
 */
public record Contract(
    long conId,
    String symbol,
    @Nullable String secType,
    @Nullable String currency,
    @Nullable String exchange,
    @Nullable String localSymbol,
    @Nullable String tradingClass,
    @Nullable String expiry,
    @Nullable BigDecimal strike,
    @Nullable String right,
    @Nullable String multiplier) {

  public Contract {
    if (conId <= 0) {
      throw new IllegalArgumentException("conId must be positive, was " + conId);
    }
    Objects.requireNonNull(symbol, "symbol");
    if (symbol.isBlank()) {
      throw new IllegalArgumentException("symbol must not be blank (conId " + conId + ")");
    }
    strike = Decimals.normalize(strike);
  }

  /** A stock contract: the fields a test or a simulator needs most. */
  public static Contract stock(long conId, String symbol, String currency) {
    return new Contract(
        conId, symbol, "STK", currency, null, symbol, symbol, null, null, null, null);
  }
}
