package org.tradeplatform.broker.ibkr.internal;

import java.util.ArrayList;
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
 * <p>The book survives reconnects, so rows replayed by a fresh request are compared with what was
 * known before the connection dropped.
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
   * A complete snapshot arrived: positions of its accounts that it no longer contains are closed.
   * Returns them as flat rows (a position closed while the connection was down is a change too).
   */
  synchronized List<Position> reconcile(PositionSnapshot snapshot) {
    Set<PositionKey> present = snapshot.keys();
    List<Position> closed = new ArrayList<>();
    var it = open.values().iterator();
    while (it.hasNext()) {
      Position p = it.next();
      if (snapshot.accounts().contains(p.account()) && !present.contains(p.key())) {
        it.remove();
        closed.add(
            new Position(p.account(), p.contract(), java.math.BigDecimal.ZERO, p.averageCost()));
      }
    }
    return closed;
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
