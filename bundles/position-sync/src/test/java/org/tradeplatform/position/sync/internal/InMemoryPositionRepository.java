package org.tradeplatform.position.sync.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.position.api.PositionChange;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionStoreException;
import org.tradeplatform.position.api.StaleSnapshotException;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * An in-memory position store with the repository's rules: insert, update, reopen and close
 * (reported zero, or missing from a complete snapshot within its scope), unchanged rows untouched,
 * stale snapshots rejected, each call all or nothing. Records every call and can be told to fail.
 */
final class InMemoryPositionRepository implements PositionRepository {

  /** The fence every write carried, in call order. */
  final List<Optional<FencingToken>> fences = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** One write call as the store received it. */
  record Call(SyncTrigger trigger, Instant at, List<Position> changes, PositionSnapshot snapshot) {}

  /** One {@code applyPnl} call as the store received it, whether it succeeded or not. */
  record PnlCall(Instant at, List<PositionPnl> pnl) {

    /** The values of one position in this call. */
    PositionPnl of(String account, long conId) {
      return pnl.stream()
          .filter(p -> p.account().equals(account) && p.conId() == conId)
          .findFirst()
          .orElseThrow();
    }
  }

  private final Supplier<Instant> clock;
  private final Map<PositionKey, StoredPosition> rows = new TreeMap<>();
  private final Map<String, Instant> lastSnapshotAt = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<SyncRun> runs = new ArrayList<>();
  private final Deque<RuntimeException> failures = new ArrayDeque<>();
  private final List<PnlCall> pnlCalls = new ArrayList<>();
  private final Deque<RuntimeException> pnlFailures = new ArrayDeque<>();
  private volatile Runnable duringPnlWrite = () -> {};
  private volatile CountDownLatch gate;
  private int inFlight;
  private int maxInFlight;

  InMemoryPositionRepository(Supplier<Instant> clock) {
    this.clock = clock;
  }

  /** The next {@code count} writes fail with {@code failure}, writing nothing. */
  synchronized void failNextWrites(int count, RuntimeException failure) {
    for (int i = 0; i < count; i++) {
      failures.add(failure);
    }
  }

  /** The next {@code count} PnL writes fail with {@code failure}, writing nothing. */
  synchronized void failNextPnlWrites(int count, RuntimeException failure) {
    for (int i = 0; i < count; i++) {
      pnlFailures.add(failure);
    }
  }

  /** Runs inside every PnL write, after its values were taken: what arrives "during" a write. */
  void duringPnlWrite(Runnable action) {
    this.duringPnlWrite = action;
  }

  synchronized List<PnlCall> pnlCalls() {
    return List.copyOf(pnlCalls);
  }

  /** A row changed behind the component's back (another tool, a manual fix). */
  synchronized void overwrite(Position position) {
    rows.put(position.key(), stored(position, null));
  }

  /** Every write waits for {@code latch} before it starts: a store that hangs. */
  void holdWritesUntil(CountDownLatch latch) {
    this.gate = latch;
  }

  synchronized int writesInFlight() {
    return inFlight;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<Call> calls(SyncTrigger trigger) {
    return calls.stream().filter(c -> c.trigger() == trigger).toList();
  }

  /** Open positions as a map, for comparing with the broker's book. */
  synchronized Map<PositionKey, Position> openPositions() {
    Map<PositionKey, Position> open = new TreeMap<>();
    rows.forEach(
        (key, row) -> {
          if (!row.isClosed()) {
            open.put(key, row.position());
          }
        });
    return open;
  }

  synchronized int maxConcurrentWrites() {
    return maxInFlight;
  }

  @Override
  public SyncResult applySnapshot(
      PositionSnapshot snapshot, SyncTrigger trigger, Optional<FencingToken> fence) {
    fences.add(fence);
    enter();
    try {
      synchronized (this) {
        calls.add(new Call(trigger, clock.get(), snapshot.positions(), snapshot));
        failIfTold(snapshot.brokerId(), trigger);
        for (String account : snapshot.accounts()) {
          Instant last = lastSnapshotAt.get(account);
          if (last != null && last.isAfter(snapshot.capturedAt())) {
            throw new StaleSnapshotException("snapshot older than the last one of " + account);
          }
        }
        Writer writer = new Writer();
        snapshot.positions().forEach(writer::write);
        Set<PositionKey> reported = snapshot.keys();
        for (StoredPosition row : List.copyOf(rows.values())) {
          Position p = row.position();
          if (!row.isClosed()
              && snapshot.accounts().contains(p.account())
              && !reported.contains(p.key())) {
            writer.close(row);
          }
        }
        snapshot.accounts().forEach(a -> lastSnapshotAt.put(a, snapshot.capturedAt()));
        return writer.result(snapshot.brokerId(), trigger);
      }
    } finally {
      leave();
    }
  }

  @Override
  public SyncResult apply(
      String brokerId,
      Collection<Position> changes,
      SyncTrigger trigger,
      Optional<FencingToken> fence) {
    fences.add(fence);
    enter();
    try {
      synchronized (this) {
        calls.add(new Call(trigger, clock.get(), List.copyOf(changes), null));
        failIfTold(brokerId, trigger);
        Writer writer = new Writer();
        changes.forEach(writer::write);
        return writer.result(brokerId, trigger);
      }
    } finally {
      leave();
    }
  }

  /**
   * Like the repository: reported (non-null) values that differ are written, unknown positions are
   * skipped; returns the rows written. Not gated by {@link #holdWritesUntil}: a PnL write never
   * waits for a position write.
   */
  @Override
  public int applyPnl(Collection<PositionPnl> pnl, Optional<FencingToken> fence) {
    fences.add(fence);
    synchronized (this) {
      pnlCalls.add(new PnlCall(clock.get(), List.copyOf(pnl)));
    }
    duringPnlWrite.run();
    synchronized (this) {
      RuntimeException failure = pnlFailures.poll();
      if (failure != null) {
        throw new PositionStoreException("could not write PnL", failure);
      }
      int written = 0;
      for (PositionPnl value : pnl) {
        StoredPosition row = rows.get(value.key());
        if (row == null) {
          continue;
        }
        StoredPosition next =
            new StoredPosition(
                row.position(),
                reported(value.marketPrice(), row.marketPrice()),
                reported(value.marketValue(), row.marketValue()),
                reported(value.unrealizedPnl(), row.unrealizedPnl()),
                reported(value.realizedPnl(), row.realizedPnl()),
                row.closedAt(),
                clock.get(),
                row.lastSyncedAt());
        if (!samePnl(next, row)) {
          rows.put(value.key(), next);
          written++;
        }
      }
      return written;
    }
  }

  private static BigDecimal reported(BigDecimal value, BigDecimal stored) {
    return value != null ? value : stored;
  }

  private static boolean samePnl(StoredPosition a, StoredPosition b) {
    return Objects.equals(a.marketPrice(), b.marketPrice())
        && Objects.equals(a.marketValue(), b.marketValue())
        && Objects.equals(a.unrealizedPnl(), b.unrealizedPnl())
        && Objects.equals(a.realizedPnl(), b.realizedPnl());
  }

  @Override
  public synchronized List<StoredPosition> positions(String account, boolean includeClosed) {
    return rows.values().stream()
        .filter(r -> r.position().account().equals(account))
        .filter(r -> includeClosed || !r.isClosed())
        .toList();
  }

  @Override
  public synchronized List<StoredPosition> allPositions(boolean includeClosed) {
    return rows.values().stream().filter(r -> includeClosed || !r.isClosed()).toList();
  }

  @Override
  public synchronized Optional<StoredPosition> position(String account, long conId) {
    return Optional.ofNullable(rows.get(new PositionKey(account, conId)));
  }

  @Override
  public synchronized List<SyncRun> syncRuns(int limit) {
    List<SyncRun> newestFirst = new ArrayList<>(runs);
    Collections.reverse(newestFirst);
    return newestFirst.stream().limit(limit).toList();
  }

  @Override
  public synchronized void recordFailedSync(
      String brokerId, SyncTrigger trigger, Instant startedAt, String error) {
    runs.add(
        new SyncRun(
            runs.size() + 1,
            brokerId,
            trigger,
            startedAt,
            clock.get(),
            "FAILED",
            0,
            0,
            0,
            0,
            error));
  }

  /** Like the repository, a failed write records its failed run. */
  private void failIfTold(String brokerId, SyncTrigger trigger) {
    RuntimeException failure = failures.poll();
    if (failure != null) {
      PositionStoreException thrown =
          new PositionStoreException("could not apply positions", failure);
      recordFailedSync(brokerId, trigger, clock.get(), thrown.getMessage());
      throw thrown;
    }
  }

  private void enter() {
    synchronized (this) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
    }
    CountDownLatch latch = gate;
    if (latch != null) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        leave();
        throw new PositionStoreException("interrupted", e);
      }
    }
  }

  private synchronized void leave() {
    inFlight--;
  }

  private StoredPosition stored(Position position, Instant closedAt) {
    Instant now = clock.get();
    return new StoredPosition(position, null, null, null, null, closedAt, now, now);
  }

  /** The changes of one call, staged so that a failure leaves nothing behind. */
  private final class Writer {
    private final Map<PositionKey, StoredPosition> staged = new TreeMap<>();
    private final List<PositionChange> changes = new ArrayList<>();
    private int inserted;
    private int updated;
    private int closed;
    private int unchanged;

    void write(Position position) {
      StoredPosition row = rows.get(position.key());
      if (row == null) {
        if (position.isFlat()) {
          unchanged++;
          return;
        }
        inserted++;
        put(position, null, PositionChange.Kind.INSERTED, null);
      } else if (row.isClosed()) {
        if (position.isFlat()) {
          unchanged++;
          return;
        }
        updated++;
        put(position, null, PositionChange.Kind.REOPENED, row.position().quantity());
      } else if (position.isFlat()) {
        close(row);
      } else if (position.equals(row.position())) {
        unchanged++;
      } else {
        updated++;
        put(position, null, PositionChange.Kind.UPDATED, row.position().quantity());
      }
    }

    void close(StoredPosition row) {
      closed++;
      Position flat =
          new Position(
              row.position().account(),
              row.position().contract(),
              BigDecimal.ZERO,
              row.position().averageCost());
      put(flat, clock.get(), PositionChange.Kind.CLOSED, row.position().quantity());
    }

    private void put(
        Position position, Instant closedAt, PositionChange.Kind kind, BigDecimal oldQuantity) {
      staged.put(position.key(), stored(position, closedAt));
      changes.add(new PositionChange(kind, position, oldQuantity));
    }

    SyncResult result(String brokerId, SyncTrigger trigger) {
      rows.putAll(staged);
      long id = runs.size() + 1;
      Instant now = clock.get();
      runs.add(
          new SyncRun(
              id,
              brokerId,
              trigger,
              now,
              now,
              "SUCCEEDED",
              inserted,
              updated,
              closed,
              unchanged,
              null));
      changes.sort(Comparator.comparing(c -> c.position().key()));
      return new SyncResult(id, inserted, updated, closed, unchanged, changes, Duration.ZERO);
    }
  }

  /** Not kept in memory: the sync component never reads history (issue 12 queries). */
  @Override
  public org.tradeplatform.position.api.PositionsAsOf positionsAsOf(
      Instant at, Optional<String> account, int offset, int limit) {
    throw new UnsupportedOperationException("history is not kept in memory");
  }

  /** Not kept in memory: the sync component never reads history (issue 12 queries). */
  @Override
  public List<org.tradeplatform.position.api.PositionHistoryEntry> history(
      PositionKey key, Instant from, Instant to) {
    throw new UnsupportedOperationException("history is not kept in memory");
  }
}
