package org.tradeplatform.position.sync.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * One bound broker session's writers: its {@link SessionSyncScheduler} and, while PnL is written,
 * its {@link SessionPnlWriter}; started, reconfigured and retired as one.
 *
 * <p>Concurrency: called under the component's lock, except {@link #statistics}, which any thread
 * may call: the PnL writers it reads are guarded by {@code this}. The writers guard their own
 * state.
 */
final class BoundSession {
  private final BrokerSession session;
  private final PositionRepository repository;
  private final SyncExecutor executor;
  private final SessionSyncScheduler positions;
  private Optional<SessionPnlWriter> pnl = Optional.empty();

  /** PnL writers of this session that PnL settings switched off; their counters still count. */
  private final List<SessionPnlWriter> formerPnl = new ArrayList<>();

  BoundSession(
      BrokerSession session,
      PositionRepository repository,
      SyncExecutor executor,
      SyncSettings settings,
      SyncReporter reporter) {
    this.session = session;
    this.repository = repository;
    this.executor = executor;
    this.positions = new SessionSyncScheduler(session, repository, executor, settings, reporter);
    applyPnlSettings(settings);
  }

  String brokerId() {
    return positions.brokerId();
  }

  SessionSyncScheduler positions() {
    return positions;
  }

  /** Registers the position listener and starts scheduling (after any predecessor retired). */
  void start(SyncSettings settings) {
    positions.listen(settings.syncOnPositionUpdate());
    positions.start(settings.syncOnBind());
  }

  /** A new valid configuration, applied live. */
  void applySettings(SyncSettings settings) {
    positions.updateSettings(settings);
    positions.listen(settings.syncOnPositionUpdate());
    applyPnlSettings(settings);
  }

  /** Detaches both writers; completes when both have written what they had received. */
  CompletableFuture<Void> detach() {
    positions.detach();
    pnl.ifPresent(this::retirePnl);
    setPnl(Optional.empty());
    List<CompletableFuture<?>> all = new ArrayList<>();
    all.add(positions.retired());
    synchronized (this) {
      formerPnl.forEach(writer -> all.add(writer.retired()));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /** The session's counters; {@code retired} leaves out what a gone session no longer holds. */
  Totals statistics(boolean retired) {
    SyncStatistics sync = positions.statistics();
    PnlStatistics pnlTotal = PnlStatistics.EMPTY;
    List<SessionPnlWriter> writers;
    synchronized (this) {
      writers = new ArrayList<>(formerPnl);
      pnl.ifPresent(writers::add);
    }
    for (SessionPnlWriter writer : writers) {
      pnlTotal = PnlStatistics.sum(pnlTotal, writer.statistics());
    }
    Totals totals = new Totals(sync, pnlTotal);
    return retired ? totals.retired() : totals;
  }

  /** Whether PnL is written for this session now. */
  synchronized boolean writesPnl() {
    return pnl.isPresent();
  }

  private void applyPnlSettings(SyncSettings settings) {
    if (!settings.writesPnl()) {
      pnl.ifPresent(this::retirePnl);
      setPnl(Optional.empty());
    } else if (pnl.isPresent()) {
      pnl.get().updateInterval(settings.pnlWriteInterval());
    } else {
      SessionPnlWriter writer =
          new SessionPnlWriter(session, repository, executor, settings.pnlWriteInterval());
      setPnl(Optional.of(writer));
      writer.start();
    }
  }

  private void retirePnl(SessionPnlWriter writer) {
    synchronized (this) {
      formerPnl.add(writer);
    }
    writer.detach();
  }

  private synchronized void setPnl(Optional<SessionPnlWriter> writer) {
    pnl = writer;
  }
}
