package org.tradeplatform.position.repository.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.position.api.PositionHistoryEntry;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionsAsOf;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * The {@link PositionRepository} service: a thin DS wrapper around {@link
 * PostgresPositionRepository} that binds the pax-jdbc DataSource selected by {@code
 * dataSource.target}, waits for the {@link SchemaReady} marker and runs the sync-run retention job.
 */
@Component(
    name = PositionRepositoryComponent.PID,
    configurationPid = PositionRepositoryComponent.PID,
    service = PositionRepository.class,
    immediate = true)
@Designate(ocd = RepositoryConfig.class)
public final class PositionRepositoryComponent implements PositionRepository {

  public static final String PID = "org.tradeplatform.position.repository";
  public static final String DEFAULT_DATA_SOURCE_TARGET = "(dataSourceName=positions)";

  private static final Logger LOG = LoggerFactory.getLogger(PositionRepositoryComponent.class);
  private static final long RETENTION_INITIAL_DELAY_MINUTES = 1;
  private static final long RETENTION_INTERVAL_MINUTES = 60;

  private final PostgresPositionRepository repository;
  private final ScheduledExecutorService retention;

  /**
   * Refuses to activate on an invalid configuration, naming the property (DS logs the exception).
   */
  @Activate
  public PositionRepositoryComponent(
      @Reference(name = "dataSource", target = DEFAULT_DATA_SOURCE_TARGET) DataSource dataSource,
      @Reference SchemaReady schema,
      RepositoryConfig config) {
    RepositorySettings settings = RepositorySettings.from(config);
    this.repository = new PostgresPositionRepository(dataSource, settings);
    this.retention =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "position-repository-retention");
              thread.setDaemon(true);
              return thread;
            });
    retention.scheduleWithFixedDelay(
        this::purgeSyncRuns,
        RETENTION_INITIAL_DELAY_MINUTES,
        RETENTION_INTERVAL_MINUTES,
        TimeUnit.MINUTES);
    LOG.info(
        "Position repository active on schema version {} (batch size {}, sync-run retention {}"
            + " days, lock timeout {} s)",
        schema.schemaVersion(),
        settings.batchSize(),
        settings.syncRunRetentionDays(),
        settings.lockTimeout().toSeconds());
  }

  /** Keeps the last valid settings when the new ones are invalid. */
  @Modified
  void modified(RepositoryConfig config) {
    try {
      repository.updateSettings(RepositorySettings.from(config));
    } catch (IllegalArgumentException e) {
      LOG.warn("Configuration {} refused, keeping the previous settings: {}", PID, e.getMessage());
    }
  }

  @Deactivate
  void deactivate() throws InterruptedException {
    retention.shutdownNow();
    if (!retention.awaitTermination(10, TimeUnit.SECONDS)) {
      LOG.warn("Sync-run retention job did not stop within 10 s");
    }
  }

  /** The settings in force. */
  RepositorySettings settings() {
    return repository.settings();
  }

  /** Whether the retention job has stopped (after deactivation). */
  boolean retentionStopped() {
    return retention.isTerminated();
  }

  private void purgeSyncRuns() {
    try {
      int deleted = repository.purgeSyncRuns();
      if (deleted > 0) {
        LOG.info(
            "Deleted {} sync runs older than {} days",
            deleted,
            repository.settings().syncRunRetentionDays());
      }
    } catch (RuntimeException e) {
      // the next round retries; an exception must not cancel the periodic task
      LOG.warn("Sync-run retention failed: {}", e.getMessage());
    }
  }

  @Override
  public SyncResult applySnapshot(
      PositionSnapshot snapshot, SyncTrigger trigger, Optional<FencingToken> fence) {
    return repository.applySnapshot(snapshot, trigger, fence);
  }

  @Override
  public SyncResult apply(
      String brokerId,
      Collection<Position> changes,
      SyncTrigger trigger,
      Optional<FencingToken> fence) {
    return repository.apply(brokerId, changes, trigger, fence);
  }

  @Override
  public int applyPnl(Collection<PositionPnl> pnl, Optional<FencingToken> fence) {
    return repository.applyPnl(pnl, fence);
  }

  @Override
  public List<StoredPosition> positions(String account, boolean includeClosed) {
    return repository.positions(account, includeClosed);
  }

  @Override
  public List<StoredPosition> allPositions(boolean includeClosed) {
    return repository.allPositions(includeClosed);
  }

  @Override
  public Optional<StoredPosition> position(String account, long conId) {
    return repository.position(account, conId);
  }

  @Override
  public void recordFailedSync(
      String brokerId, SyncTrigger trigger, Instant startedAt, String error) {
    repository.recordFailedSync(brokerId, trigger, startedAt, error);
  }

  @Override
  public List<SyncRun> syncRuns(int limit) {
    return repository.syncRuns(limit);
  }

  @Override
  public PositionsAsOf positionsAsOf(Instant at, Optional<String> account, int offset, int limit) {
    return repository.positionsAsOf(at, account, offset, limit);
  }

  @Override
  public List<PositionHistoryEntry> history(PositionKey key, Instant from, Instant to) {
    return repository.history(key, from, to);
  }
}
