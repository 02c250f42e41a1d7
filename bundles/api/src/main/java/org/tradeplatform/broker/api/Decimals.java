package org.tradeplatform.broker.api;

import java.math.BigDecimal;

/** Value semantics for broker decimals: 100 and 100.0 are the same quantity. */
public final class Decimals {
  private Decimals() {}

  /**
   * Returns {@code value} without trailing zeros, so that records holding it compare by value.
   * {@code null} (unknown) stays {@code null}.
   */
  public static BigDecimal normalize(BigDecimal value) {
    if (value == null) {
      return null;
    }
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }

  /** True when both are null or both are numerically equal. */
  public static boolean sameValue(BigDecimal a, BigDecimal b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.compareTo(b) == 0;
  }
}
