package org.tradeplatform.broker.ibkr.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionSnapshot;

/**
 * One positions request in flight: the rows received so far and everyone waiting for the answer.
 * Plain mode (REQ_POSITIONS) ends at POSITION_END; per-account mode (REQ_POSITIONS_MULTI, for
 * logins with more than 50 accounts) ends when every account's POSITION_MULTI_END arrived. Guarded
 * by {@link SnapshotRounds}.
 */
final class SnapshotRound {
  private final String brokerId;
  private final Map<PositionKey, Position> rows = new LinkedHashMap<>();
  private final Set<String> scope;
  private final Map<Integer, String> pendingRequests; // reqId -> account, per-account mode only
  private final boolean perAccount;
  private final long deadlineNanos;
  private final List<CompletableFuture<PositionSnapshot>> waiters = new ArrayList<>();

  SnapshotRound(
      String brokerId,
      Set<String> scope,
      Optional<Map<Integer, String>> perAccountRequests,
      long deadlineNanos) {
    this.brokerId = brokerId;
    this.scope = Set.copyOf(scope);
    this.perAccount = perAccountRequests.isPresent();
    this.pendingRequests = new LinkedHashMap<>(perAccountRequests.orElse(Map.of()));
    this.deadlineNanos = deadlineNanos;
  }

  boolean perAccount() {
    return perAccount;
  }

  /** reqId -> account of the per-account requests of this round (empty in plain mode). */
  Map<Integer, String> requests() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pendingRequests));
  }

  Set<String> scope() {
    return scope;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  void addWaiter(CompletableFuture<PositionSnapshot> waiter) {
    waiters.add(waiter);
  }

  List<CompletableFuture<PositionSnapshot>> waiters() {
    return waiters;
  }

  /** A later row for the same position replaces the earlier one. */
  void add(Position row) {
    rows.remove(row.key());
    rows.put(row.key(), row);
  }

  /** Marks one per-account request done; true when none is left. */
  boolean requestEnded(int reqId) {
    pendingRequests.remove(reqId);
    return pendingRequests.isEmpty();
  }

  boolean isRequest(int reqId) {
    return pendingRequests.containsKey(reqId);
  }

  /**
   * The answer: open positions only. A flat row (IB replays positions closed earlier in the session
   * with quantity 0) says the same as no row, and the scope covers its account.
   */
  PositionSnapshot complete(Instant at) {
    PositionSnapshot.Collector collector = PositionSnapshot.collect(brokerId, scope);
    for (Position p : rows.values()) {
      if (!p.isFlat()) {
        collector.add(p);
      }
    }
    return collector.complete(at);
  }
}
