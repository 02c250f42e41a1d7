package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.PositionChange;
import org.tradeplatform.position.api.PositionChange.Kind;

/**
 * What a write must do to make the stored rows equal what the broker reported, decided by value
 * ({@code 100} equals {@code 100.0}) against the state read from the database. Pure: no I/O.
 */
final class WritePlan {

  /** Account, then contract id, without building a key per comparison. */
  private static final Comparator<Position> POSITION_ORDER =
      Comparator.comparing(Position::account).thenComparingLong(p -> p.contract().conId());

  private static final Comparator<PositionChange> ORDER =
      Comparator.comparing(PositionChange::position, POSITION_ORDER);

  private final List<Position> inserts = new ArrayList<>();
  private final List<RowWrite> updates = new ArrayList<>();
  private final List<PositionChange> changes = new ArrayList<>();
  private int inserted;
  private int updated;
  private int closed;
  private int unchanged;

  private WritePlan() {}

  /**
   * Plans the reconcile of a complete snapshot. {@code stored} covers every row of the snapshot's
   * account scope; {@code pending} holds the reported positions that the read did not already
   * confirm as stored unchanged. A stored open row that nobody reported is closed.
   */
  static WritePlan forSnapshot(StoredState stored, Map<PositionKey, Position> pending) {
    WritePlan plan = forChanges(stored, pending);
    List<StoredRow> missing = new ArrayList<>();
    for (Map.Entry<PositionKey, StoredRow> entry : stored.rows().entrySet()) {
      if (!entry.getValue().closed() && !pending.containsKey(entry.getKey())) {
        missing.add(entry.getValue());
      }
    }
    missing.sort(Comparator.comparing(StoredRow::position, POSITION_ORDER));
    for (StoredRow row : missing) {
      plan.close(row, row.position().averageCost());
    }
    plan.changes.sort(ORDER); // two sorted runs: cheap to merge
    plan.updates.sort(Comparator.comparing(RowWrite::position, POSITION_ORDER));
    return plan;
  }

  /**
   * Plans streamed changes: same rules, but only a position reported with quantity zero is closed.
   * {@code stored} holds the rows of the pending keys that exist and differ.
   */
  static WritePlan forChanges(StoredState stored, Map<PositionKey, Position> pending) {
    WritePlan plan = new WritePlan();
    plan.unchanged = stored.confirmed();
    // deciding in key order yields inserts, updates and changes already sorted; rows written in
    // key order let PostgreSQL append at the right edge of the primary-key index
    List<Position> ordered = new ArrayList<>(pending.values());
    ordered.sort(POSITION_ORDER);
    for (Position position : ordered) {
      plan.decide(stored.rows().get(position.key()), position);
    }
    return plan;
  }

  /** The broker may repeat a key; its last report wins, as in the session's position book. */
  static Map<PositionKey, Position> lastPerKey(Collection<Position> reported) {
    Map<PositionKey, Position> byKey = new HashMap<>(reported.size() * 2);
    for (Position position : reported) {
      byKey.put(position.key(), position);
    }
    return byKey;
  }

  private void decide(StoredRow row, Position reported) {
    if (row == null) {
      if (!reported.isFlat()) {
        inserts.add(reported);
        changes.add(new PositionChange(Kind.INSERTED, reported, null));
        inserted++;
      }
      // a flat position never held needs no row: there is nothing to close
      return;
    }
    Position stored = row.position();
    if (row.closed()) {
      if (reported.isFlat()) {
        unchanged++;
      } else {
        updates.add(new RowWrite(reported, stored.quantity(), false));
        changes.add(new PositionChange(Kind.REOPENED, reported, stored.quantity()));
        updated++;
      }
    } else if (reported.isFlat()) {
      close(row, reported.averageCost());
    } else if (reported.equals(stored)) {
      // Position normalises its decimals, so record equality is equality by value
      unchanged++;
    } else {
      updates.add(new RowWrite(reported, stored.quantity(), false));
      changes.add(new PositionChange(Kind.UPDATED, reported, stored.quantity()));
      updated++;
    }
  }

  private void close(StoredRow row, BigDecimal averageCost) {
    Position stored = row.position();
    Position flat = new Position(stored.account(), stored.contract(), BigDecimal.ZERO, averageCost);
    updates.add(new RowWrite(flat, stored.quantity(), true));
    changes.add(new PositionChange(Kind.CLOSED, flat, stored.quantity()));
    closed++;
  }

  List<Position> inserts() {
    return inserts;
  }

  List<RowWrite> updates() {
    return updates;
  }

  List<PositionChange> changes() {
    return changes;
  }

  int inserted() {
    return inserted;
  }

  int updated() {
    return updated;
  }

  int closed() {
    return closed;
  }

  int unchanged() {
    return unchanged;
  }
}
