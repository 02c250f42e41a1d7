package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;
import org.tradeplatform.broker.api.Position;

/** Builds API positions from wire rows, turning every bad value into one exception type. */
final class Positions {
  private Positions() {}

  static Position toPosition(
      String account, WireContract contract, BigDecimal quantity, Double averageCost) {
    if (account == null || account.isBlank()) {
      throw new IllegalArgumentException("position row without an account");
    }
    if (quantity == null) {
      throw new IllegalArgumentException(
          "position row with an unset quantity (account "
              + account
              + ", conId "
              + contract.conId()
              + ")");
    }
    try {
      return new Position(
          account, contract.toContract(), quantity, WireValues.decimal(averageCost));
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("invalid position row: " + e.getMessage(), e);
    }
  }
}
