package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeplatform.position.sync.internal.SyncFixture.ACCOUNT;
import static org.tradeplatform.position.sync.internal.SyncFixture.START;
import static org.tradeplatform.position.sync.internal.SyncFixture.aapl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.HeardChange;
import org.tradeplatform.position.api.SyncOutcome;
import org.tradeplatform.position.api.SyncReport;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;

/** What a session's syncs report: outcomes, sync runs, Held, heard instants, queueing, spread. */
class SyncOutcomesTest {
  private final SyncFixture f = new SyncFixture();

  private static Position ibm(long quantity) {
    return FakeBrokerSession.position(ACCOUNT, 3, "IBM", quantity);
  }

  private SyncReport lastReport() {
    return f.reports.get(f.reports.size() - 1);
  }

  private List<SyncRun> failedRuns() {
    return f.repository.syncRuns(100).stream().filter(r -> r.status().equals("FAILED")).toList();
  }

  @Test
  void aReconcileWhoseSessionIsWithdrawnIsAbandonedNotFailedAndWritesNoRun() {
    f.session.answer(FakeBrokerSession.AnswerMode.HELD);
    f.bound();

    f.scheduler.detach();

    assertThat(f.scheduler.statistics().syncsAbandoned()).isEqualTo(1);
    assertThat(f.scheduler.statistics().syncsFailed()).isZero();
    assertThat(f.scheduler.statistics().lastError()).isNull();
    assertThat(lastReport().outcome()).isEqualTo(SyncOutcome.ABANDONED);
    assertThat(lastReport().trigger()).isEqualTo(SyncTrigger.BIND);
    assertThat(f.repository.syncRuns(100)).isEmpty();
  }

  @Test
  void aBrokerFailureIsCountedReportedAndRecordedInSyncRunsOnce() {
    f.session.answer(FakeBrokerSession.AnswerMode.FAILING);
    f.bound();

    assertThat(f.scheduler.statistics().syncsFailed()).isEqualTo(1);
    assertThat(lastReport().outcome()).isEqualTo(SyncOutcome.FAILED);
    assertThat(lastReport().failureReason()).get().asString().contains("broker lost connection");
    assertThat(failedRuns())
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.trigger()).isEqualTo(SyncTrigger.BIND);
              assertThat(run.brokerId()).isEqualTo(SyncFixture.BROKER);
              assertThat(run.error()).contains("broker lost connection");
            });
  }

  @Test
  void aStoreFailureIsRecordedByTheStoreAndNotASecondTime() {
    f.bound();
    f.quiet(Duration.ofSeconds(30));
    f.repository.failNextWrites(1, new RuntimeException("database down"));

    f.session.report(aapl(5));
    f.time.runDue();

    assertThat(f.scheduler.statistics().syncsFailed()).isEqualTo(1);
    assertThat(failedRuns())
        .singleElement()
        .extracting(SyncRun::trigger)
        .isEqualTo(SyncTrigger.CALLBACK);
    assertThat(lastReport().outcome()).isEqualTo(SyncOutcome.FAILED);
  }

  @Test
  void heldEqualsTheStoredOpenRowsThroughOpenCloseReopenSignFlipAndASnapshot() {
    f.bound();
    assertHeldEqualsStore(2);
    List<Position> steps = List.of(ibm(10), ibm(0), ibm(5), aapl(-50), aapl(0), aapl(20));
    List<Integer> held = List.of(3, 2, 3, 3, 2, 3);
    for (int i = 0; i < steps.size(); i++) {
      f.session.report(steps.get(i));
      f.quiet(Duration.ofSeconds(10));
      assertHeldEqualsStore(held.get(i));
    }
    // Changed behind the component's back, then a snapshot after the streaming.
    f.repository.overwrite(FakeBrokerSession.position(ACCOUNT, 9, "GHOST", 1));
    f.scheduler.syncNow();
    f.time.runDue();
    assertHeldEqualsStore(3);
  }

  private void assertHeldEqualsStore(int expected) {
    assertThat(f.repository.openPositions()).hasSize(expected);
    assertThat(f.scheduler.statistics().positionsHeld()).isEqualTo(expected);
  }

  @Test
  void aCommittedChangeIsReportedWithItsFirstHeardAndCommitInstants() {
    f.bound(Map.of("debounceSeconds", 5));
    f.quiet(Duration.ofSeconds(60));
    Instant t0 = f.time.now();
    f.session.report(aapl(1)); // written at once: first change after a quiet spell
    f.quiet(Duration.ofSeconds(1));
    f.session.report(ibm(7)); // waits for the window's end
    f.quiet(Duration.ofSeconds(2));
    f.session.report(ibm(8)); // same position: its first-heard instant stays
    f.quiet(Duration.ofSeconds(10));

    List<SyncReport> callbacks =
        f.reports.stream().filter(r -> r.trigger() == SyncTrigger.CALLBACK).toList();
    assertThat(callbacks).hasSize(2);
    HeardChange first = callbacks.get(0).heardChanges().get(0);
    assertThat(first.key()).isEqualTo(aapl(1).key());
    assertThat(first.firstHeardAt()).isEqualTo(t0);
    assertThat(first.committedAt()).isEqualTo(t0);
    HeardChange second = callbacks.get(1).heardChanges().get(0);
    assertThat(second.key()).isEqualTo(new PositionKey(ACCOUNT, 3));
    assertThat(second.firstHeardAt()).isEqualTo(t0.plusSeconds(1));
    assertThat(second.committedAt()).isEqualTo(t0.plusSeconds(5));
    assertThat(second.latencyNanos()).isEqualTo(Duration.ofSeconds(4).toNanos());
    assertThat(callbacks.get(1).outcome()).isEqualTo(SyncOutcome.SUCCEEDED);
    assertThat(callbacks.get(1).inserted()).isEqualTo(1);
  }

  @Test
  void aChangeHeardDuringTheBindThatTheSnapshotDoesNotHoldIsStillWritten() {
    f.session.answer(FakeBrokerSession.AnswerMode.HELD);
    f.bound();
    f.session.report(aapl(3)); // before the answer: the snapshot holds it
    f.session.releaseHeldAnswers();
    f.session.report(ibm(4)); // after the answer left the broker: the snapshot lacks it
    f.time.runDue();

    assertThat(f.repository.calls())
        .extracting(InMemoryPositionRepository.Call::trigger)
        .containsExactly(SyncTrigger.BIND, SyncTrigger.CALLBACK);
    assertThat(f.repository.calls(SyncTrigger.CALLBACK).get(0).changes()).containsExactly(ibm(4));
  }

  @Test
  void aSyncQueuedBehindBusyThreadsIsCountedAndFailsWhenItWaitsLongerThanTheQueueTimeout() {
    List<SyncReport> reports = new ArrayList<>();
    // Every task waits 90 s for a thread: a pool busy with other sessions.
    SyncExecutor busy =
        new SyncExecutor() {
          @Override
          public Instant now() {
            return f.time.now();
          }

          @Override
          public long nanoTime() {
            return f.time.nanoTime();
          }

          @Override
          public void execute(Runnable task) {
            f.time.schedule(task, Duration.ofSeconds(90));
          }

          @Override
          public Cancellable schedule(Runnable task, Duration delay) {
            return f.time.schedule(task, delay);
          }
        };
    SessionSyncScheduler scheduler =
        new SessionSyncScheduler(
            f.session,
            f.repository,
            busy,
            TestConfigs.settings(Map.of("queueTimeoutSeconds", 60)),
            new SyncReporter() {
              @Override
              public void committed(
                  String brokerId,
                  SyncTrigger trigger,
                  org.tradeplatform.position.api.SyncResult r) {}

              @Override
              public void finished(SyncReport report) {
                reports.add(report);
              }
            });
    scheduler.start(true);
    f.time.advance(Duration.ofSeconds(89));
    assertThat(scheduler.statistics().syncsQueued()).isEqualTo(1);

    f.time.advance(Duration.ofSeconds(1));

    assertThat(scheduler.statistics().syncsQueued()).isZero();
    assertThat(scheduler.statistics().syncsFailed()).isEqualTo(1);
    assertThat(scheduler.statistics().lastError())
        .contains("waited 90 s for a free sync thread", "queueTimeoutSeconds 60", "syncThreads");
    assertThat(f.session.positionRequests()).isZero(); // the broker was never asked
    assertThat(reports)
        .singleElement()
        .extracting(SyncReport::outcome)
        .isEqualTo(SyncOutcome.FAILED);
    assertThat(failedRuns()).hasSize(1);
  }

  @Test
  void spreadPeriodicMovesTheFirstPeriodicReconcileByTheSessionsPhase() {
    f.bound(Map.of("spreadPeriodic", true, "periodicIntervalSeconds", 100));
    long phaseMillis = (long) (100_000 * SessionSyncScheduler.periodicPhase(SyncFixture.BROKER));
    assertThat(phaseMillis).isPositive();

    f.time.advance(Duration.ofSeconds(250));

    Instant first = START.plusSeconds(100).minusMillis(phaseMillis);
    assertThat(f.callTimes(SyncTrigger.PERIODIC)).containsExactly(first, first.plusSeconds(100));
  }

  @Test
  void phasesOfFiftyGatewaysSpreadOverHalfTheInterval() {
    List<Double> phases =
        IntStream.rangeClosed(1, 50)
            .mapToObj(i -> SessionSyncScheduler.periodicPhase("gw" + i))
            .sorted()
            .toList();
    assertThat(phases).allMatch(p -> p >= 0 && p < 0.5);
    double widestGap = 0;
    for (int i = 1; i < phases.size(); i++) {
      widestGap = Math.max(widestGap, phases.get(i) - phases.get(i - 1));
    }
    assertThat(widestGap).isLessThan(0.1);
    assertThat(phases.get(phases.size() - 1) - phases.get(0)).isGreaterThan(0.4);
  }
}
