package org.tradeplatform.position.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.cluster.api.FencingToken;

/**
 * The position store (OSGi service). Every write is one transaction: it commits completely or
 * leaves nothing behind and throws {@link PositionStoreException}. Thread-safe; several nodes may
 * write to one database.
 *
 * <p>Implemented by the repository bundle only ({@code @ProviderType}): a method added here is a
 * minor version of the package.
 */
@ProviderType
public interface PositionRepository {

  /**
   * Reconciles the store with a complete snapshot: inserts and updates what differs, closes what
   * the snapshot no longer contains within its account scope, appends history, moves each account's
   * last-confirmed time forward and records the run. Unchanged rows are not rewritten.
   *
   * @param fence the writer's lease token (lease mode), checked inside the transaction against the
   *     lease table; empty for a node without leases
   * @throws StaleSnapshotException if an account already has a newer snapshot applied
   * @throws StaleLeaseException if {@code fence} is no longer the gateway's current lease
   */
  SyncResult applySnapshot(
      PositionSnapshot snapshot, SyncTrigger trigger, Optional<FencingToken> fence);

  /**
   * Applies streamed position changes with the same rules, but closes only positions reported with
   * quantity zero.
   *
   * @param fence as for {@link #applySnapshot(PositionSnapshot, SyncTrigger, Optional)}
   * @throws StaleLeaseException if {@code fence} is no longer the gateway's current lease
   */
  SyncResult apply(
      String brokerId,
      Collection<Position> changes,
      SyncTrigger trigger,
      Optional<FencingToken> fence);

  /**
   * Writes market price, value and PnL where they differ from the stored values. Never a position
   * change: no history, no sync run. Unknown positions are skipped.
   *
   * @param fence as for {@link #applySnapshot(PositionSnapshot, SyncTrigger, Optional)}
   * @return number of rows written
   * @throws StaleLeaseException if {@code fence} is no longer the gateway's current lease
   */
  int applyPnl(Collection<PositionPnl> pnl, Optional<FencingToken> fence);

  /** {@link #applySnapshot(PositionSnapshot, SyncTrigger, Optional)} for a node without leases. */
  default SyncResult applySnapshot(PositionSnapshot snapshot, SyncTrigger trigger) {
    return applySnapshot(snapshot, trigger, Optional.empty());
  }

  /** {@link #apply(String, Collection, SyncTrigger, Optional)} for a node without leases. */
  default SyncResult apply(String brokerId, Collection<Position> changes, SyncTrigger trigger) {
    return apply(brokerId, changes, trigger, Optional.empty());
  }

  /** {@link #applyPnl(Collection, Optional)} for a node without leases. */
  default int applyPnl(Collection<PositionPnl> pnl) {
    return applyPnl(pnl, Optional.empty());
  }

  /** Positions of one account, ordered by contract id; closed ones only when asked. */
  List<StoredPosition> positions(String account, boolean includeClosed);

  /** Positions of every account, ordered by account and contract id. */
  List<StoredPosition> allPositions(boolean includeClosed);

  /** One stored position, open or closed. */
  Optional<StoredPosition> position(String account, long conId);

  /**
   * Records a sync that failed before it reached the store (the broker did not answer, or it waited
   * too long for a sync thread), so that every failed sync has its {@code sync_runs} row. Best
   * effort, in a transaction of its own: a failure to record is logged, never thrown.
   *
   * @param startedAt when the sync started
   * @param error why it failed, one line
   * @since 1.2
   */
  void recordFailedSync(String brokerId, SyncTrigger trigger, Instant startedAt, String error);

  /** The newest sync runs first. */
  List<SyncRun> syncRuns(int limit);

  /**
   * The positions the store held at {@code at}: every position whose quantity then was not zero,
   * ordered by account and contract id, one page of at most {@code limit} after skipping {@code
   * offset}. "Held" means what the table held, which follows the broker within the sync component's
   * debounce window and stops following it during outages; a position without a change recorded at
   * or before {@code at} is reported with the earliest quantity known (see {@link
   * HeldPosition#heldSince()}).
   *
   * @param account one account, or empty for every account
   * @throws IllegalArgumentException if offset is negative or limit is not positive
   * @since 1.3.0
   */
  PositionsAsOf positionsAsOf(Instant at, Optional<String> account, int offset, int limit);

  /**
   * The quantity changes of one position recorded in {@code [from, to)}, oldest first (by time,
   * then id).
   *
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   * @since 1.3.0
   */
  List<PositionHistoryEntry> history(PositionKey key, Instant from, Instant to);
}
