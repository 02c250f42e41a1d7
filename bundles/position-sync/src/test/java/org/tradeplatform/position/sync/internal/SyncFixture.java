package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.position.api.SyncReport;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;

/** A broker session, a store and virtual time, wired to one {@link SessionSyncScheduler}. */
final class SyncFixture {
  static final Instant START = Instant.parse("2026-11-24T09:00:00Z");
  static final String BROKER = "ib-paper";
  static final String ACCOUNT = "DU111";
  static final String OTHER_ACCOUNT = "DU222";

  final VirtualTimeExecutor time = new VirtualTimeExecutor(START);
  final FakeBrokerSession session =
      new FakeBrokerSession(BROKER, Set.of(ACCOUNT, OTHER_ACCOUNT), time::now);
  final InMemoryPositionRepository repository = new InMemoryPositionRepository(time::now);
  final List<SyncResult> committed = new ArrayList<>();
  final List<SyncReport> reports = new ArrayList<>();
  SessionSyncScheduler scheduler;

  SyncFixture() {
    session.changeSilently(FakeBrokerSession.position(ACCOUNT, 1, "AAPL", 100));
    session.changeSilently(FakeBrokerSession.position(OTHER_ACCOUNT, 2, "MSFT", 50));
  }

  /** Binds with the given configuration: listener on, bind sync run, then a quiet minute. */
  SyncFixture bound(Map<String, Object> config) {
    scheduler =
        new SessionSyncScheduler(
            session,
            repository,
            time,
            TestConfigs.settings(config),
            new SyncReporter() {
              @Override
              public void committed(String brokerId, SyncTrigger trigger, SyncResult result) {
                committed.add(result);
              }

              @Override
              public void finished(SyncReport report) {
                reports.add(report);
              }
            });
    SyncSettings settings = TestConfigs.settings(config);
    scheduler.listen(settings.syncOnPositionUpdate());
    scheduler.start(settings.syncOnBind());
    time.runDue();
    return this;
  }

  SyncFixture bound() {
    return bound(Map.of());
  }

  void quiet(Duration duration) {
    time.advance(duration);
  }

  static Position aapl(long quantity) {
    return FakeBrokerSession.position(ACCOUNT, 1, "AAPL", quantity);
  }

  List<Instant> callTimes(SyncTrigger trigger) {
    return repository.calls(trigger).stream().map(InMemoryPositionRepository.Call::at).toList();
  }
}
