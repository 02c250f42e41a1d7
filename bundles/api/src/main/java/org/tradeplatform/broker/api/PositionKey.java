package org.tradeplatform.broker.api;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identity of a position: account and contract id.
 *
 * @param account the broker account
 * @param conId the broker's contract id
 */
public record PositionKey(String account, long conId) implements Comparable<PositionKey> {

  private static final Comparator<PositionKey> ORDER =
      Comparator.comparing(PositionKey::account).thenComparingLong(PositionKey::conId);

  public PositionKey {
    Objects.requireNonNull(account, "account");
    if (account.isBlank()) {
      throw new IllegalArgumentException("account must not be blank");
    }
    if (conId <= 0) {
      throw new IllegalArgumentException("conId must be positive, was " + conId);
    }
  }

  @Override
  public int compareTo(PositionKey other) {
    return ORDER.compare(this, other);
  }
}
