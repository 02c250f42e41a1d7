package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;

/** Conversions from wire doubles to the API's decimals. */
final class WireValues {
  private WireValues() {}

  /**
   * The decimal a wire double prints as ({@code 150.25} → 150.25, not the binary expansion); {@code
   * null}, NaN and infinities (unset or nonsense) become {@code null}.
   */
  static BigDecimal decimal(Double value) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return null;
    }
    return new BigDecimal(Double.toString(value));
  }
}
