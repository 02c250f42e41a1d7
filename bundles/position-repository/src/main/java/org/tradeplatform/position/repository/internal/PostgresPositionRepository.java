package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
import org.apache.ibatis.type.ArrayTypeHandler;
import org.apache.ibatis.type.TypeHandlerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionStoreException;
import org.tradeplatform.position.api.StaleLeaseException;
import org.tradeplatform.position.api.StaleSnapshotException;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * {@link PositionRepository} on PostgreSQL through MyBatis. Every write is one transaction that
 * first takes the advisory lock of each account it touches (sorted, under {@code lock_timeout}),
 * then reads the stored rows, compares by value and writes only the difference in batched
 * statements. Usable without OSGi: give it a DataSource whose schema is migrated.
 */
public final class PostgresPositionRepository implements PositionRepository {

  /** First key of every advisory lock this repository takes ("POS1"), apart from other users. */
  static final int LOCK_NAMESPACE = 0x504F5331;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresPositionRepository.class);
  private static final int MAX_ERROR_LENGTH = 2_000;

  private final SqlSessionFactory sessions;
  private volatile RepositorySettings settings;

  public PostgresPositionRepository(DataSource dataSource, RepositorySettings settings) {
    this.sessions = sessionFactory(Objects.requireNonNull(dataSource, "dataSource"));
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
    TypeHandlerRegistry types = configuration.getTypeHandlerRegistry();
    for (Class<?> arrayType :
        List.of(String[].class, Long[].class, BigDecimal[].class, Boolean[].class)) {
      types.register(arrayType, ArrayTypeHandler.class);
    }
    configuration.addMapper(PositionMapper.class);
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
      PositionMapper mapper = session.getMapper(PositionMapper.class);
      lockAccounts(mapper, accounts);
      checkFence(mapper, snapshot.brokerId(), fence);
      List<String> newer = mapper.newerSnapshots(accounts, capturedAt);
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
      long runId = mapper.startRun(snapshot.brokerId(), trigger.name());
      long readStart = System.nanoTime();
      Map<PositionKey, Position> pending = WritePlan.lastPerKey(snapshot.positions());
      StoredState stored = StoredStateReader.byAccounts(session.getConnection(), accounts, pending);
      long planStart = System.nanoTime();
      WritePlan plan = WritePlan.forSnapshot(stored, pending);
      long writeStart = System.nanoTime();
      write(mapper, plan, runId);
      mapper.confirmAccounts(accounts, capturedAt, runId);
      mapper.finishRun(runId, plan.inserted(), plan.updated(), plan.closed(), plan.unchanged());
      long commitStart = System.nanoTime();
      session.commit(true);
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "Snapshot of {}: locked in {} ms, read {} rows in {} ms, planned in {} ms, wrote {}"
                + " rows in {} ms, committed in {} ms",
            snapshot.brokerId(),
            (readStart - start) / 1_000_000,
            stored.rows().size() + stored.confirmed(),
            (planStart - readStart) / 1_000_000,
            (writeStart - planStart) / 1_000_000,
            plan.inserted() + plan.updated() + plan.closed(),
            (commitStart - writeStart) / 1_000_000,
            (System.nanoTime() - commitStart) / 1_000_000);
      }
      return result(runId, plan, start);
    } catch (StaleSnapshotException | StaleLeaseException e) {
      recordFailedRun(snapshot.brokerId(), trigger, startedAt, e.getMessage());
      throw e;
    } catch (SQLException | RuntimeException e) {
      throw failure(action, snapshot.brokerId(), trigger, startedAt, e);
    }
  }

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
      PositionMapper mapper = session.getMapper(PositionMapper.class);
      lockAccounts(mapper, accounts);
      checkFence(mapper, brokerId, fence);
      long runId = mapper.startRun(brokerId, trigger.name());
      StoredState stored = StoredStateReader.byKeys(session.getConnection(), byKey);
      WritePlan plan = WritePlan.forChanges(stored, byKey);
      write(mapper, plan, runId);
      mapper.finishRun(runId, plan.inserted(), plan.updated(), plan.closed(), plan.unchanged());
      session.commit(true);
      return result(runId, plan, start);
    } catch (StaleLeaseException e) {
      recordFailedRun(brokerId, trigger, startedAt, e.getMessage());
      throw e;
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
      PositionMapper mapper = session.getMapper(PositionMapper.class);
      // same locks as position writes, so a PnL batch and a reconcile never deadlock on rows
      lockAccounts(mapper, sortedAccounts(byKey.keySet(), PositionKey::account));
      if (fence.isPresent()) {
        checkFence(mapper, fence.get().brokerId(), fence);
      }
      int written = 0;
      for (int from = 0; from < rows.size(); from += batchSize) {
        List<PositionPnl> chunk = rows.subList(from, Math.min(rows.size(), from + batchSize));
        written += mapper.updatePnl(new PnlBatch(chunk));
      }
      session.commit(true);
      return written;
    } catch (RuntimeException e) {
      throw translate("writing PnL", e);
    }
  }

  @Override
  public List<StoredPosition> positions(String account, boolean includeClosed) {
    Objects.requireNonNull(account, "account");
    return read(
        "reading positions of account " + account,
        mapper -> toStored(mapper.positions(account, includeClosed)));
  }

  @Override
  public List<StoredPosition> allPositions(boolean includeClosed) {
    return read("reading positions", mapper -> toStored(mapper.allPositions(includeClosed)));
  }

  @Override
  public Optional<StoredPosition> position(String account, long conId) {
    Objects.requireNonNull(account, "account");
    return read(
        "reading position " + account + "/" + conId,
        mapper ->
            Optional.ofNullable(mapper.position(account, conId))
                .map(PositionRecord::toStoredPosition));
  }

  @Override
  public List<SyncRun> syncRuns(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    return read(
        "reading sync runs",
        mapper -> mapper.syncRuns(limit).stream().map(SyncRunRecord::toSyncRun).toList());
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

  private void lockAccounts(PositionMapper mapper, String[] sortedAccounts) {
    mapper.setLockTimeout(settings.lockTimeout().toMillis() + "ms");
    if (sortedAccounts.length > 0) {
      mapper.lockAccounts(LOCK_NAMESPACE, sortedAccounts);
    }
  }

  /**
   * The fencing check, inside the write's transaction and after its account locks: a write whose
   * epoch is not the gateway's current one is refused. A new holder takes the lease (epoch + 1)
   * before its first write, which needs the same account locks; so once that write has begun, every
   * write under the old epoch reads the new one here and is refused. No row lock on the lease row:
   * a long write must never block the next holder's take.
   */
  private static void checkFence(
      PositionMapper mapper, String brokerId, Optional<FencingToken> fence) {
    if (fence.isEmpty()) {
      return;
    }
    FencingToken token = fence.get();
    List<Long> current = mapper.leaseEpoch(token.brokerId());
    if (!token.brokerId().equals(brokerId)
        || current.isEmpty()
        || current.get(0) != token.epoch()) {
      String message =
          "write of broker "
              + brokerId
              + " under lease epoch "
              + token.epoch()
              + " of node "
              + token.nodeId()
              + " refused: the lease of "
              + token.brokerId()
              + " is at epoch "
              + (current.isEmpty() ? "none" : current.get(0).toString())
              + "; nothing was written";
      LOG.warn("{}", message);
      throw new StaleLeaseException(message);
    }
  }

  private void write(PositionMapper mapper, WritePlan plan, long runId) {
    int batchSize = settings.batchSize();
    List<Position> inserts = plan.inserts();
    for (int from = 0; from < inserts.size(); from += batchSize) {
      List<Position> chunk = inserts.subList(from, Math.min(inserts.size(), from + batchSize));
      mapper.insertPositions(PositionBatch.ofPositions(chunk), runId);
    }
    List<RowWrite> updates = plan.updates();
    for (int from = 0; from < updates.size(); from += batchSize) {
      List<RowWrite> chunk = updates.subList(from, Math.min(updates.size(), from + batchSize));
      mapper.rewritePositions(PositionBatch.ofWrites(chunk), runId);
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

  private <T> T read(String action, Function<PositionMapper, T> query) {
    try (SqlSession session = sessions.openSession(true)) {
      return query.apply(session.getMapper(PositionMapper.class));
    } catch (RuntimeException e) {
      throw translate(action, e);
    }
  }

  private static List<StoredPosition> toStored(List<PositionRecord> records) {
    return records.stream().map(PositionRecord::toStoredPosition).toList();
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
