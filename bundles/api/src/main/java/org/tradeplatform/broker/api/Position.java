package org.tradeplatform.broker.api;

import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One holding of one contract in one account, as the broker's positions stream reports it.
 * Quantities are fractional for some instruments, so they are {@link BigDecimal}; both decimals are
 * normalised so that records compare by value ({@code 100} equals {@code 100.0}).
 *
 * @param account the broker account, not blank
 * @param contract the instrument
 * @param quantity signed quantity; zero means the position is closed
 * @param averageCost the broker's average cost per unit (including the multiplier for derivatives),
 *     {@code null} when unknown
 */
public record Position(
    String account, Contract contract, BigDecimal quantity, @Nullable BigDecimal averageCost) {

  public Position {
    Objects.requireNonNull(account, "account");
    if (account.isBlank()) {
      throw new IllegalArgumentException("account must not be blank");
    }
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(
        quantity, "quantity (account " + account + ", conId " + contract.conId() + ")");
    quantity = Decimals.normalize(quantity);
    averageCost = Decimals.normalize(averageCost);
  }

  /** The identity of this position in its account. */
  public PositionKey key() {
    return new PositionKey(account, contract.conId());
  }

  /** True when the quantity is zero. */
  public boolean isFlat() {
    return quantity.signum() == 0;
  }
}
