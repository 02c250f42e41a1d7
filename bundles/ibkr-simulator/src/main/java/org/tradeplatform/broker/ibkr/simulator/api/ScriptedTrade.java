package org.tradeplatform.broker.ibkr.simulator.api;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One fill of a trading script.
 *
 * @param account account
 * @param contract instrument
 * @param quantity signed quantity filled
 * @param price fill price per unit
 */
public record ScriptedTrade(
    String account, SimulatedContract contract, BigDecimal quantity, BigDecimal price) {

  public ScriptedTrade {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(price, "price");
  }
}
