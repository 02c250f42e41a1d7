package org.tradeplatform.broker.ibkr.simulator.api;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One row of the simulator's book.
 *
 * @param account account, not blank
 * @param contract instrument
 * @param quantity signed quantity; zero means flat
 * @param averageCost average cost per unit (including the multiplier, as IB reports it)
 */
public record SimulatedPosition(
    String account, SimulatedContract contract, BigDecimal quantity, BigDecimal averageCost) {

  public SimulatedPosition {
    Objects.requireNonNull(account, "account");
    if (account.isBlank()) {
      throw new IllegalArgumentException("account must not be blank");
    }
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(averageCost, "averageCost");
  }

  public boolean isFlat() {
    return quantity.signum() == 0;
  }
}
