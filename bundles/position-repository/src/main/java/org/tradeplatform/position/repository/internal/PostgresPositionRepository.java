package org.tradeplatform.position.repository.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.position.api.PositionHistoryEntry;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionStoreException;
import org.tradeplatform.position.api.PositionsAsOf;
import org.tradeplatform.position.api.StaleLeaseException;
import org.tradeplatform.position.api.StaleSnapshotException;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.position.repository.internal.Pipeline.SqlArray;

/**
 * {@link PositionRepository} on PostgreSQL. Every write is one transaction that first takes the
 * advisory lock of each account it touches (sorted, under {@code lock_timeout}), then reads the
 * stored rows, compares by value and writes only the difference in batched statements. Position
 * reads and writes are JDBC statements built from {@link PositionColumn} and sent in pipelines (few
 * round trips) on the connection of a MyBatis session, which owns the transaction; sync runs are
 * read through the MyBatis mapper. Usable without OSGi: give it a DataSource whose schema is
 * migrated. Thread-safe: every call has its own session; settings are replaced whole.
 */
public final class PostgresPositionRepository implements PositionRepository {

  /** First key of every advisory lock this repository takes ("POS1"), apart from other users. */
  static final int LOCK_NAMESPACE = 0x504F5331;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresPositionRepository.class);
  private static final int MAX_ERROR_LENGTH = 2_000;
  private static final int FETCH_SIZE = 10_000;

  private final SqlSessionFactory sessions;
  private final PositionHistoryReader history;
  private volatile RepositorySettings settings;

  public PostgresPositionRepository(DataSource dataSource, RepositorySettings settings) {
    this.sessions = sessionFactory(Objects.requireNonNull(dataSource, "dataSource"));
    this.history = new PositionHistoryReader(sessions);
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Applies new settings to the following calls. */
  public void updateSettings(RepositorySettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public RepositorySettings settings() {
    return settings;
  }

  private static SqlSessionFactory sessionFactory(DataSource dataSource) {
    Configuration configuration =
        new Configuration(new Environment("positions", new JdbcTransactionFactory(), dataSource));
    configuration.setMapUnderscoreToCamelCase(true);
    configuration.setCacheEnabled(false);
    // every read must see the database, never a session cache
    configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
    configuration.addMapper(PositionMapper.class);
    configuration.addMapper(PositionHistoryMapper.class);
    return new SqlSessionFactoryBuilder().build(configuration);
  }

  @Override
  public SyncResult applySnapshot(
      PositionSnapshot snapshot, SyncTrigger trigger, Optional<FencingToken> fence) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(fence, "fence");
    long start = System.nanoTime();
    OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
    String[] accounts = snapshot.accounts().toArray(String[]::new);
    Arrays.sort(accounts);
    // timestamptz keeps microseconds: compare what will be stored, or a re-applied snapshot
    // would look older than itself
    OffsetDateTime capturedAt =
        snapshot.capturedAt().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    String action = "applying snapshot of broker " + snapshot.brokerId();
    try (SqlSession session = sessions.openSession(false)) {
      Connection connection = session.getConnection();
      List<String> newer = new ArrayList<>();
      RunId runId = new RunId();
      // round trip 1: locks, then (statements of their own, after the locks) stale check and
      // the run's id
      fenced(locking(accounts), snapshot.brokerId(), fence)
          .add(
              PositionSql.NEWER_SNAPSHOTS,
              rs -> newer.addAll(strings(rs)),
              text(accounts),
              capturedAt)
          .add(PositionSql.RESERVE_RUN, runId)
          .run(connection);
      if (!newer.isEmpty()) {
        throw new StaleSnapshotException(
            "snapshot of broker "
                + snapshot.brokerId()
                + " captured at "
                + capturedAt
                + " is older than the last applied one of "
                + String.join(", ", newer)
                + "; nothing was written");
      }
      long readStart = System.nanoTime();
      Map<PositionKey, Position> pending = WritePlan.lastPerKey(snapshot.positions());
      StoredStateReader stored = new StoredStateReader(pending);
      // streamed in chunks: a large book is never buffered whole
      new Pipeline()
          .add(PositionSql.STORED_BY_ACCOUNTS, stored, text(accounts))
          .fetchSize(FETCH_SIZE)
          .run(connection);
      long planStart = System.nanoTime();
      WritePlan plan = WritePlan.forSnapshot(stored.state(), pending);
      long writeStart = System.nanoTime();
      // last round trip before the commit: every batch, the accounts' confirmation, the run
      writes(plan, runId.value(), trigger)
          .add(PositionSql.CONFIRM_ACCOUNTS, capturedAt, runId.value(), text(accounts))
          .add(PositionSql.RECORD_RUN, run(runId.value(), snapshot.brokerId(), trigger, plan))
          .run(connection);
      long commitStart = System.nanoTime();
      session.commit(true);
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "Snapshot of {}: locked in {} ms, read {} rows in {} ms, planned in {} ms, wrote {}"
                + " rows in {} ms, committed in {} ms",
            snapshot.brokerId(),
            (readStart - start) / 1_000_000,
            stored.state().rows().size() + stored.state().confirmed(),
            (planStart - readStart) / 1_000_000,
            (writeStart - planStart) / 1_000_000,
            plan.inserted() + plan.updated() + plan.closed(),
            (commitStart - writeStart) / 1_000_000,
            (System.nanoTime() - commitStart) / 1_000_000);
      }
      return result(runId.value(), plan, start);
    } catch (StaleSnapshotException | StaleLeaseException e) {
      recordFailedRun(snapshot.brokerId(), trigger, startedAt, e.getMessage());
      throw e;
    } catch (SQLException | RuntimeException e) {
      throw failure(action, snapshot.brokerId(), trigger, startedAt, e);
    }
  }

  /**
   * Three round trips, whatever the number of changes: locks and read; writes, history and run
   * record; commit.
   */
  @Override
  public SyncResult apply(
      String brokerId,
      Collection<Position> changes,
      SyncTrigger trigger,
      Optional<FencingToken> fence) {
    Objects.requireNonNull(brokerId, "brokerId");
    Objects.requireNonNull(changes, "changes");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(fence, "fence");
    long start = System.nanoTime();
    OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
    Map<PositionKey, Position> byKey = WritePlan.lastPerKey(changes);
    String[] accounts = sortedAccounts(byKey.keySet(), PositionKey::account);
    try (SqlSession session = sessions.openSession(false)) {
      Connection connection = session.getConnection();
      RunId runId = new RunId();
      StoredStateReader stored = new StoredStateReader(byKey);
      List<PositionKey> keys = List.copyOf(byKey.keySet());
      fenced(locking(accounts), brokerId, fence)
          .add(PositionSql.RESERVE_RUN, runId)
          .add(PositionSql.STORED_BY_KEYS, stored, StoredStateReader.keys(keys))
          .run(connection);
      WritePlan plan = WritePlan.forChanges(stored.state(), byKey);
      writes(plan, runId.value(), trigger)
          .add(PositionSql.RECORD_RUN, run(runId.value(), brokerId, trigger, plan))
          .run(connection);
      session.commit(true);
      return result(runId.value(), plan, start);
    } catch (SQLException | RuntimeException e) {
      throw failure("applying changes of broker " + brokerId, brokerId, trigger, startedAt, e);
    }
  }

  @Override
  public int applyPnl(Collection<PositionPnl> pnl, Optional<FencingToken> fence) {
    Objects.requireNonNull(pnl, "pnl");
    Objects.requireNonNull(fence, "fence");
    Map<PositionKey, PositionPnl> byKey = new LinkedHashMap<>();
    for (PositionPnl value : pnl) {
      byKey.put(value.key(), value);
    }
    if (byKey.isEmpty()) {
      return 0;
    }
    List<PositionPnl> rows = List.copyOf(byKey.values());
    int batchSize = settings.batchSize();
    try (SqlSession session = sessions.openSession(false)) {
      // same locks as position writes, so a PnL batch and a reconcile never deadlock on rows
      Pipeline pipeline = locking(sortedAccounts(byKey.keySet(), PositionKey::account));
      fence.ifPresent(token -> checkLease(pipeline, token));
      // the update counts that matter are those of the PnL batches, after the locking statements
      int locking = pipeline.size();
      for (int from = 0; from < rows.size(); from += batchSize) {
        List<PositionPnl> chunk = rows.subList(from, Math.min(rows.size(), from + batchSize));
        pipeline.add(PositionSql.UPDATE_PNL, PositionBatch.pnl(chunk));
      }
      int[] counts = pipeline.run(session.getConnection());
      session.commit(true);
      return Arrays.stream(counts, locking, counts.length).sum();
    } catch (SQLException | RuntimeException e) {
      throw translate("writing PnL", e);
    }
  }

  @Override
  public List<StoredPosition> positions(String account, boolean includeClosed) {
    Objects.requireNonNull(account, "account");
    return read(
        "reading positions of account " + account,
        PositionSql.POSITIONS_OF_ACCOUNT,
        account,
        includeClosed);
  }

  @Override
  public List<StoredPosition> allPositions(boolean includeClosed) {
    return read("reading positions", PositionSql.ALL_POSITIONS, includeClosed);
  }

  @Override
  public Optional<StoredPosition> position(String account, long conId) {
    Objects.requireNonNull(account, "account");
    return read(
            "reading position " + account + "/" + conId, PositionSql.ONE_POSITION, account, conId)
        .stream()
        .findFirst();
  }

  @Override
  public List<SyncRun> syncRuns(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    try (SqlSession session = sessions.openSession(true)) {
      return session.getMapper(PositionMapper.class).syncRuns(limit).stream()
          .map(SyncRunRecord::toSyncRun)
          .toList();
    } catch (RuntimeException e) {
      throw translate("reading sync runs", e);
    }
  }

  @Override
  public PositionsAsOf positionsAsOf(Instant at, Optional<String> account, int offset, int limit) {
    return history.positionsAsOf(at, account, offset, limit);
  }

  @Override
  public List<PositionHistoryEntry> history(PositionKey key, Instant from, Instant to) {
    return history.history(key, from, to);
  }

  /** Deletes sync runs older than the configured retention; returns how many. */
  public int purgeSyncRuns() {
    int days = settings.syncRunRetentionDays();
    try (SqlSession session = sessions.openSession(false)) {
      int deleted = session.getMapper(PositionMapper.class).purgeSyncRuns(days);
      session.commit(true);
      return deleted;
    } catch (RuntimeException e) {
      throw translate("purging sync runs older than " + days + " days", e);
    }
  }

  /**
   * A pipeline that first bounds the lock wait, then takes the accounts' locks: both statements of
   * their own, so whatever is added after them reads with a snapshot taken after the locks. Then it
   * fixes the transaction's change time, taken after the locks, so history times follow the order
   * of the writes.
   */
  private Pipeline locking(String[] sortedAccounts) {
    return new Pipeline()
        .add(PositionSql.SET_LOCK_TIMEOUT, settings.lockTimeout().toMillis() + "ms")
        .add(PositionSql.LOCK_ACCOUNTS, LOCK_NAMESPACE, text(sortedAccounts))
        .add(PositionSql.MARK_CHANGE_TIME);
  }

  /**
   * Adds the fencing check after the locks when the write carries a lease token: a write whose
   * epoch is not the gateway's current one is refused inside its transaction. A new holder takes
   * the lease (epoch + 1) before its first write, which needs the same account locks; so once that
   * write has begun, every write under the old epoch reads the new one and is refused. No row lock
   * on the lease row: a long write must never block the next holder's take.
   */
  private static Pipeline fenced(Pipeline locked, String brokerId, Optional<FencingToken> fence) {
    if (fence.isEmpty()) {
      return locked;
    }
    FencingToken token = fence.get();
    if (!token.brokerId().equals(brokerId)) {
      throw new StaleLeaseException(
          "write of broker "
              + brokerId
              + " carried the lease of "
              + token.brokerId()
              + "; nothing was written");
    }
    return checkLease(locked, token);
  }

  /** The fencing check of {@code token}, after the locks (PnL rows carry no broker id). */
  private static Pipeline checkLease(Pipeline locked, FencingToken token) {
    return locked.add(PositionSql.CHECK_LEASE, token.brokerId(), token.epoch());
  }

  /** The plan's batch statements, in one pipeline. */
  private Pipeline writes(WritePlan plan, long runId, SyncTrigger trigger) {
    Pipeline pipeline = new Pipeline();
    int batchSize = settings.batchSize();
    List<Position> inserts = plan.inserts();
    for (int from = 0; from < inserts.size(); from += batchSize) {
      List<Position> chunk = inserts.subList(from, Math.min(inserts.size(), from + batchSize));
      pipeline.add(PositionSql.INSERT_POSITIONS, PositionBatch.inserts(chunk, runId, trigger));
    }
    List<RowWrite> updates = plan.updates();
    for (int from = 0; from < updates.size(); from += batchSize) {
      List<RowWrite> chunk = updates.subList(from, Math.min(updates.size(), from + batchSize));
      pipeline.add(PositionSql.REWRITE_POSITIONS, PositionBatch.rewrites(chunk, runId, trigger));
    }
    return pipeline;
  }

  private static Object[] run(long runId, String brokerId, SyncTrigger trigger, WritePlan plan) {
    return new Object[] {
      runId,
      brokerId,
      trigger.name(),
      plan.inserted(),
      plan.updated(),
      plan.closed(),
      plan.unchanged()
    };
  }

  private static SqlArray text(String[] values) {
    return new SqlArray("text", values);
  }

  private static List<String> strings(ResultSet rs) throws SQLException {
    List<String> values = new ArrayList<>();
    while (rs.next()) {
      values.add(rs.getString(1));
    }
    return values;
  }

  /** Receives the run id reserved by {@link PositionSql#RESERVE_RUN}. */
  private static final class RunId implements Pipeline.Rows {
    private long value;

    @Override
    public void read(ResultSet rs) throws SQLException {
      rs.next();
      value = rs.getLong(1);
    }

    long value() {
      return value;
    }
  }

  private static SyncResult result(long runId, WritePlan plan, long startNanos) {
    return new SyncResult(
        runId,
        plan.inserted(),
        plan.updated(),
        plan.closed(),
        plan.unchanged(),
        plan.changes(),
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private List<StoredPosition> read(String action, String sql, Object... parameters) {
    List<StoredPosition> positions = new ArrayList<>();
    try (SqlSession session = sessions.openSession(true)) {
      new Pipeline()
          .add(
              sql,
              rs -> {
                while (rs.next()) {
                  positions.add(PositionColumn.storedPosition(rs));
                }
              },
              parameters)
          .run(session.getConnection());
      return positions;
    } catch (SQLException | RuntimeException e) {
      throw translate(action, e);
    }
  }

  private static <K> String[] sortedAccounts(Collection<K> keys, Function<K, String> accountOf) {
    TreeSet<String> accounts = new TreeSet<>();
    for (K key : keys) {
      accounts.add(accountOf.apply(key));
    }
    return accounts.toArray(String[]::new);
  }

  private PositionStoreException failure(
      String action, String brokerId, SyncTrigger trigger, OffsetDateTime startedAt, Exception e) {
    PositionStoreException failure = translate(action, e);
    recordFailedRun(brokerId, trigger, startedAt, failure.getMessage());
    return failure;
  }

  /** A sync that failed before the store: the broker did not answer, or no thread was free. */
  public void recordFailedSync(
      String brokerId, SyncTrigger trigger, Instant startedAt, String error) {
    recordFailedRun(
        brokerId,
        trigger,
        startedAt.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC),
        error);
  }

  /** Best effort, in a transaction of its own: the failed one has been rolled back. */
  private void recordFailedRun(
      String brokerId, SyncTrigger trigger, OffsetDateTime startedAt, String error) {
    String text = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    try (SqlSession session = sessions.openSession(true)) {
      session
          .getMapper(PositionMapper.class)
          .recordFailedRun(brokerId, trigger.name(), startedAt, text);
    } catch (RuntimeException e) {
      LOG.debug("Could not record the failed sync run of broker {}: {}", brokerId, e.toString());
    }
  }

  /** A failure with a message that says what was lost: the whole transaction, nothing else. */
  static PositionStoreException translate(String action, Throwable e) {
    if (e instanceof PositionStoreException store) {
      return store;
    }
    SQLException sql = null;
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (sql == null && t instanceof SQLException found) {
        sql = found;
      }
      root = t;
    }
    String state = sql == null ? null : sql.getSQLState();
    if (PositionSql.STALE_LEASE.equals(state)) {
      String detail = sql.getMessage().lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
      return new StaleLeaseException(
          action + " refused (stale lease): " + detail + "; nothing was written");
    }
    String reason;
    if ("55P03".equals(state)) {
      reason = "timed out waiting for another writer's lock (lock_timeout)";
    } else if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
      reason = "the database connection was lost";
    } else if (sql != null) {
      reason = "the database refused it";
    } else {
      reason = "unexpected error";
    }
    String message =
        action
            + " failed and was rolled back: "
            + reason
            + (state == null ? "" : " (SQLState " + state + ")")
            + ": "
            + (sql != null ? sql.getMessage() : root.toString());
    return new PositionStoreException(message, e);
  }
}
