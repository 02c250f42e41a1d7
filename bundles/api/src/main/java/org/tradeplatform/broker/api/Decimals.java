package org.tradeplatform.broker.api;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** Value semantics for broker decimals: 100 and 100.0 are the same quantity. */
public final class Decimals {
  private Decimals() {}

  /**
   * Returns {@code value} without trailing zeros, so that records holding it compare by value.
   * {@code null} (unknown) stays {@code null}.
   */
  public static @Nullable BigDecimal normalize(@Nullable BigDecimal value) {
    if (value == null) {
      return null;
    }
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }

  /** True when both are null or both are numerically equal. */
  public static boolean sameValue(@Nullable BigDecimal a, @Nullable BigDecimal b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.compareTo(b) == 0;
  }
}
