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
   * @throws StaleSnapshotException if an account already has a newer snapshot applied
   */
  SyncResult applySnapshot(PositionSnapshot snapshot, SyncTrigger trigger);

  /**
   * Applies streamed position changes with the same rules, but closes only positions reported with
   * quantity zero.
   */
  SyncResult apply(String brokerId, Collection<Position> changes, SyncTrigger trigger);

  /**
   * Writes market price, value and PnL where they differ from the stored values. Never a position
   * change: no history, no sync run. Unknown positions are skipped.
   *
   * @return number of rows written
   */
  int applyPnl(Collection<PositionPnl> pnl);

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
