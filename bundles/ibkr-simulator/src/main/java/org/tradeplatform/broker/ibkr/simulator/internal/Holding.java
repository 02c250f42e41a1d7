package org.tradeplatform.broker.ibkr.simulator.internal;

import java.math.BigDecimal;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;

/** One row of the book with its realized PnL, which the positions stream does not carry. */
record Holding(
    String account,
    SimulatedContract contract,
    BigDecimal quantity,
    BigDecimal averageCost,
    BigDecimal realizedPnl) {

  SimulatedPosition toPosition() {
    return new SimulatedPosition(account, contract, quantity, averageCost);
  }
}
