package org.tradeplatform.broker.ibkr.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionSnapshot;

/**
 * The live position book of one connection: the last known open position per account and contract.
 * It decides what counts as a change: a row that differs from the book in quantity, average cost or
 * contract fields (decimals by value, because {@link Position} normalises them). A flat row removes
 * the position; a flat row for a position the book does not hold changes nothing.
 *
 * <p>The book survives reconnects; the rows of a positions answer are not compared with it one by
 * one but replace it as a whole once the answer is complete ({@link #replace}).
 *
 * <p>Thread-safe (one monitor): the reader thread writes, the lifecycle thread and the status read.
 */
final class PositionBook {
  private final Map<PositionKey, Position> open = new HashMap<>();

  /** Applies a reported row; returns it when it is a change. */
  synchronized Optional<Position> apply(Position row) {
    PositionKey key = row.key();
    Position known = open.get(key);
    if (row.isFlat()) {
      if (known == null) {
        return Optional.empty();
      }
      open.remove(key);
      return Optional.of(row);
    }
    if (row.equals(known)) {
      return Optional.empty();
    }
    open.put(key, row);
    return Optional.of(row);
  }

  /**
   * A complete snapshot arrived: the book's positions of its accounts become exactly its rows. Not
   * a change: whoever asked for the snapshot reconciles with it (see the bundle README).
   */
  synchronized void replace(PositionSnapshot snapshot) {
    open.values().removeIf(p -> snapshot.accounts().contains(p.account()));
    for (Position p : snapshot.positions()) {
      open.put(p.key(), p);
    }
  }

  /** Forgets accounts that are no longer in scope. */
  synchronized void retainAccounts(Set<String> accounts) {
    open.keySet().removeIf(k -> !accounts.contains(k.account()));
  }

  synchronized Optional<Position> get(PositionKey key) {
    return Optional.ofNullable(open.get(key));
  }

  synchronized int size() {
    return open.size();
  }

  synchronized List<Position> positions() {
    return List.copyOf(open.values());
  }
}
