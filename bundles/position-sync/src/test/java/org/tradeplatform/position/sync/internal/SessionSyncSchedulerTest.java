package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeplatform.position.sync.internal.SyncFixture.ACCOUNT;
import static org.tradeplatform.position.sync.internal.SyncFixture.START;
import static org.tradeplatform.position.sync.internal.SyncFixture.aapl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.position.api.PositionStoreException;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;

class SessionSyncSchedulerTest {

  private final SyncFixture f = new SyncFixture();

  @Test
  void bindRegistersTheListenerAndReconcilesTheWholeBook() {
    f.bound();

    assertThat(f.session.listenerCount()).isEqualTo(1);
    assertThat(f.repository.calls(SyncTrigger.BIND)).hasSize(1);
    assertThat(f.repository.openPositions())
        .isEqualTo(
            f.session.snapshot().positions().stream()
                .collect(java.util.stream.Collectors.toMap(Position::key, p -> p)));
    SyncStatistics stats = f.scheduler.statistics();
    assertThat(stats.registeredCallbacks()).isEqualTo(1);
    assertThat(stats.syncsSucceeded()).isEqualTo(1);
    assertThat(stats.positionsHeld()).isEqualTo(2);
    assertThat(stats.lastTrigger()).isEqualTo(SyncTrigger.BIND);
  }

  @Test
  void firstChangeAfterAQuietPeriodIsWrittenAtOnce() {
    f.bound();
    f.quiet(Duration.ofSeconds(30));
    Instant changedAt = f.time.now();

    f.session.report(aapl(120));
    f.time.runDue();

    assertThat(f.callTimes(SyncTrigger.CALLBACK)).containsExactly(changedAt);
    assertThat(f.repository.calls(SyncTrigger.CALLBACK).get(0).changes())
        .containsExactly(aapl(120));
    assertThat(f.repository.openPositions().get(aapl(120).key())).isEqualTo(aapl(120));
  }

  @Test
  void aChangeInsideTheWindowIsWrittenAtTheWindowsEnd() {
    f.bound();
    f.quiet(Duration.ofSeconds(30));
    Instant first = f.time.now();
    f.session.report(aapl(101));
    f.time.advance(Duration.ofSeconds(2));
    f.session.report(aapl(102));

    f.time.advance(Duration.ofMillis(2999));
    assertThat(f.repository.calls(SyncTrigger.CALLBACK)).hasSize(1);
    f.time.advance(Duration.ofMillis(1));

    assertThat(f.callTimes(SyncTrigger.CALLBACK)).containsExactly(first, first.plusSeconds(5));
    assertThat(f.repository.openPositions().get(aapl(0).key())).isEqualTo(aapl(102));
  }

  @Test
  void rapidChangesSyncAtMostOncePerWindowPlusTheTrailingOneAndWriteTheFinalState() {
    f.bound();
    f.quiet(Duration.ofSeconds(30));
    Instant begin = f.time.now();
    // 24 changes, one every 500 ms, over 11.5 s.
    for (int i = 1; i <= 24; i++) {
      f.session.report(aapl(100 + i));
      f.time.advance(Duration.ofMillis(500));
    }
    f.quiet(Duration.ofSeconds(30));

    List<Instant> syncs = f.callTimes(SyncTrigger.CALLBACK);
    assertThat(syncs)
        .containsExactly(begin, begin.plusSeconds(5), begin.plusSeconds(10), begin.plusSeconds(15));
    assertThat(f.repository.openPositions().get(aapl(0).key())).isEqualTo(aapl(124));
    SyncStatistics stats = f.scheduler.statistics();
    assertThat(stats.callbackTriggers()).isEqualTo(24);
    assertThat(stats.coalescedTriggers()).isEqualTo(24 - syncs.size());
  }

  @Test
  void tenThousandCallbacksInOneSecondAreWrittenByAtMostTwoSyncs() {
    f.bound();
    f.quiet(Duration.ofSeconds(30));
    Instant begin = f.time.now();
    for (int i = 0; i < 10_000; i++) {
      f.time.advanceTo(begin.plusNanos(i * 100_000L));
      f.session.report(FakeBrokerSession.position(ACCOUNT, 100 + i % 50, "S" + i % 50, i + 1));
    }
    f.quiet(Duration.ofSeconds(30));

    List<InMemoryPositionRepository.Call> syncs = f.repository.calls(SyncTrigger.CALLBACK);
    assertThat(syncs).hasSizeBetween(1, 2);
    assertThat(f.repository.openPositions()).isEqualTo(bookOf(f.session));
    SyncStatistics stats = f.scheduler.statistics();
    assertThat(stats.callbackTriggers()).isEqualTo(10_000);
    assertThat(stats.coalescedTriggers()).isEqualTo(10_000 - syncs.size());
    assertThat(stats.positionsHeld()).isEqualTo(52);
  }

  @Test
  void continuousTradingSyncsEveryWindowAndIsNeverStarved() {
    f.bound();
    f.quiet(Duration.ofSeconds(30));
    Instant begin = f.time.now();
    for (int i = 1; i <= 600; i++) {
      f.session.report(aapl(1000 + i));
      f.time.advance(Duration.ofMillis(100));
    }
    Instant lastChange = begin.plusMillis(59_900);
    f.quiet(Duration.ofSeconds(10));

    List<Instant> syncs = f.callTimes(SyncTrigger.CALLBACK);
    assertThat(syncs).hasSize(13);
    for (int i = 0; i < syncs.size(); i++) {
      assertThat(syncs.get(i)).isEqualTo(begin.plusSeconds(5L * i));
    }
    assertThat(syncs.get(syncs.size() - 1)).isBetween(lastChange, lastChange.plusSeconds(5));
    assertThat(f.repository.openPositions().get(aapl(0).key())).isEqualTo(aapl(1600));
  }

  @Test
  void zeroDebounceSyncsEachChangeWhenIdleAndCoalescesWhileBusy() {
    f.session.answer(FakeBrokerSession.AnswerMode.HELD);
    f.bound(Map.of("debounceSeconds", 0));
    // The bind sync waits for the broker; three changes arrive meanwhile.
    f.session.report(aapl(1));
    f.session.report(aapl(2));
    f.session.report(aapl(3));
    f.time.advance(Duration.ofSeconds(1));
    assertThat(f.repository.calls()).isEmpty();

    f.session.releaseHeldAnswers();
    f.time.runDue();

    // The broker's answer already holds aapl(3): no follow-up re-writes what the bind committed.
    assertThat(f.repository.calls())
        .extracting(InMemoryPositionRepository.Call::trigger)
        .containsExactly(SyncTrigger.BIND);
    assertThat(f.repository.openPositions().values()).contains(aapl(3));
    f.session.report(aapl(4));
    f.time.runDue();
    assertThat(f.repository.calls(SyncTrigger.CALLBACK)).hasSize(1);
    assertThat(f.repository.calls(SyncTrigger.CALLBACK).get(0).changes()).containsExactly(aapl(4));
  }

  @Test
  void singleFlightTriggersDuringASyncProduceExactlyOneFollowUp() {
    f.bound(Map.of("syncTimeoutSeconds", 1000));
    f.quiet(Duration.ofSeconds(30));
    f.session.answer(FakeBrokerSession.AnswerMode.HELD);
    CompletableFuture<SyncResult> first = f.scheduler.syncNow();
    f.time.runDue();
    assertThat(f.session.heldAnswers()).isEqualTo(1);

    // While the manual sync waits for the broker: two more manual requests, changes, the
    // periodic timer.
    CompletableFuture<SyncResult> second = f.scheduler.syncNow();
    CompletableFuture<SyncResult> third = f.scheduler.syncNow();
    f.session.report(aapl(7));
    f.session.report(aapl(8));
    f.time.advance(Duration.ofSeconds(400));
    assertThat(f.session.positionRequests()).isEqualTo(2);
    assertThat(f.repository.calls()).hasSize(1);

    f.session.answer(FakeBrokerSession.AnswerMode.IMMEDIATE);
    f.session.releaseHeldAnswers();
    f.time.runDue();

    assertThat(first).isCompleted();
    // One follow-up full reconcile served both later requests and took over the changes.
    assertThat(f.session.positionRequests()).isEqualTo(3);
    assertThat(second).isCompleted();
    assertThat(third.join()).isSameAs(second.join());
    assertThat(f.repository.calls())
        .extracting(InMemoryPositionRepository.Call::trigger)
        .containsExactly(SyncTrigger.BIND, SyncTrigger.MANUAL, SyncTrigger.MANUAL);
    assertThat(f.repository.openPositions().get(aapl(0).key())).isEqualTo(aapl(8));
    assertThat(f.repository.maxConcurrentWrites()).isEqualTo(1);
  }

  @Test
  void aFailedWriteIsCountedAndRetriedWithBackoffUntilItSucceeds() {
    f.bound(Map.of("debounceSeconds", 0));
    f.quiet(Duration.ofSeconds(30));
    Instant begin = f.time.now();
    f.repository.failNextWrites(3, new RuntimeException("connection refused"));

    f.session.report(aapl(150));
    f.time.runDue();
    SyncStatistics failing = f.scheduler.statistics();
    assertThat(failing.syncsFailed()).isEqualTo(1);
    assertThat(failing.lastError()).contains("could not apply positions", "connection refused");
    f.quiet(Duration.ofSeconds(30));

    assertThat(f.callTimes(SyncTrigger.CALLBACK))
        .containsExactly(begin, begin.plusSeconds(1), begin.plusSeconds(3), begin.plusSeconds(7));
    SyncStatistics stats = f.scheduler.statistics();
    assertThat(stats.syncsFailed()).isEqualTo(3);
    assertThat(stats.syncsSucceeded()).isEqualTo(2);
    assertThat(stats.lastError()).isNull();
    assertThat(stats.lastSuccessAt()).isEqualTo(begin.plusSeconds(7));
    assertThat(f.repository.openPositions().get(aapl(0).key())).isEqualTo(aapl(150));
  }

  @Test
  void changesArrivingDuringBackoffWaitForItAndTheNewestStateWins() {
    f.bound(Map.of("debounceSeconds", 0));
    f.quiet(Duration.ofSeconds(30));
    Instant begin = f.time.now();
    f.repository.failNextWrites(1, new RuntimeException("database down"));
    f.session.report(aapl(1));
    f.time.runDue();
    f.time.advance(Duration.ofMillis(500));
    f.session.report(aapl(2));
    f.time.runDue();
    assertThat(f.repository.calls(SyncTrigger.CALLBACK)).hasSize(1);

    f.time.advance(Duration.ofMillis(500));

    assertThat(f.callTimes(SyncTrigger.CALLBACK)).containsExactly(begin, begin.plusSeconds(1));
    assertThat(f.repository.calls(SyncTrigger.CALLBACK).get(1).changes()).containsExactly(aapl(2));
  }

  @Test
  void backoffDoublesUpToItsBound() {
    assertThat(RetryStreak.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryStreak.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryStreak.backoff(6)).isEqualTo(Duration.ofSeconds(32));
    assertThat(RetryStreak.backoff(7)).isEqualTo(RetryStreak.MAX_BACKOFF);
    assertThat(RetryStreak.backoff(1000)).isEqualTo(RetryStreak.MAX_BACKOFF);
  }

  @Test
  void aFailedBrokerAnswerWritesNothingAndTheBindSyncIsRetried() {
    f.session.answer(FakeBrokerSession.AnswerMode.FAILING);
    f.bound();
    SyncStatistics failed = f.scheduler.statistics();
    assertThat(failed.syncsFailed()).isEqualTo(1);
    assertThat(failed.lastError()).contains("broker lost connection");
    assertThat(f.repository.calls()).isEmpty();

    f.session.answer(FakeBrokerSession.AnswerMode.IMMEDIATE);
    f.time.advance(Duration.ofSeconds(1));

    assertThat(f.repository.calls(SyncTrigger.BIND)).hasSize(1);
    assertThat(f.scheduler.statistics().syncsSucceeded()).isEqualTo(1);
  }

  @Test
  void aBrokerThatNeverAnswersTimesOutAndNothingIsWritten() {
    f.session.answer(FakeBrokerSession.AnswerMode.HELD);
    f.bound(Map.of("syncTimeoutSeconds", 10));
    f.time.advance(Duration.ofSeconds(10));

    SyncStatistics stats = f.scheduler.statistics();
    assertThat(stats.syncsFailed()).isEqualTo(1);
    assertThat(stats.lastError()).contains("TimeoutException", "within 10 s");
    assertThat(f.repository.calls()).isEmpty();

    // The retry asks again; a late answer to the timed-out request changes nothing.
    f.time.advance(Duration.ofSeconds(1));
    assertThat(f.session.heldAnswers()).isEqualTo(2);
    f.session.releaseHeldAnswers();
    f.time.runDue();
    assertThat(f.repository.calls(SyncTrigger.BIND)).hasSize(1);
  }

  @Test
  void theSchedulerSurvivesAnUnexpectedErrorOfTheStore() {
    f.bound(Map.of("debounceSeconds", 0));
    f.repository.failNextWrites(1, new IllegalStateException("bug in a driver"));
    f.session.report(aapl(5));
    f.time.advance(Duration.ofSeconds(2));
    f.session.report(aapl(6));
    f.time.advance(Duration.ofSeconds(2));
    assertThat(f.repository.openPositions().get(aapl(0).key())).isEqualTo(aapl(6));
  }

  @Test
  void periodicReconcileRunsEveryInterval() {
    f.bound(Map.of("periodicIntervalSeconds", 60));
    f.time.advance(Duration.ofSeconds(185));
    assertThat(f.callTimes(SyncTrigger.PERIODIC))
        .containsExactly(START.plusSeconds(60), START.plusSeconds(120), START.plusSeconds(180));
  }

  @Test
  void detachRemovesTheListenerWritesReceivedChangesAndDropsTheRest() {
    f.bound();
    f.quiet(Duration.ofSeconds(30));
    f.session.report(aapl(1));
    f.time.advance(Duration.ofSeconds(1));
    f.session.report(aapl(2)); // waits for the window's end
    Instant unboundAt = f.time.now();

    f.scheduler.detach();
    assertThat(f.session.listenerCount()).isZero();
    f.time.runDue();

    assertThat(f.callTimes(SyncTrigger.CALLBACK)).hasSize(2).endsWith(unboundAt);
    assertThat(f.repository.openPositions().get(aapl(0).key())).isEqualTo(aapl(2));
    assertThat(f.scheduler.retired()).isCompleted();
    f.time.advance(Duration.ofSeconds(1000));
    assertThat(f.repository.calls()).hasSize(3);
    assertThat(f.time.waitingTasks()).isZero();
    assertThat(f.scheduler.syncNow()).isCompletedExceptionally();
    assertThat(f.scheduler.statistics().registeredCallbacks()).isZero();
  }

  @Test
  void detachWhileWaitingForASnapshotDropsItButWritesReceivedChanges() {
    f.session.answer(FakeBrokerSession.AnswerMode.HELD);
    f.bound();
    f.session.report(aapl(42));

    f.scheduler.detach();
    f.time.runDue();
    f.session.releaseHeldAnswers();
    f.time.runDue();

    assertThat(f.repository.calls())
        .extracting(InMemoryPositionRepository.Call::trigger)
        .containsExactly(SyncTrigger.CALLBACK);
    assertThat(f.repository.openPositions()).containsValue(aapl(42));
    assertThat(f.scheduler.retired()).isCompleted();
    assertThat(f.time.waitingTasks()).isZero();
  }

  @Test
  void driftCountsRowsTheReconcileChangedThatTheChangePathHadNotWritten() {
    // Rows that differ at bind are catch-up, not drift.
    f.repository.overwrite(FakeBrokerSession.position(ACCOUNT, 9, "OLD", 5));
    f.bound();
    assertThat(f.scheduler.statistics().drift()).isZero();

    // A missed broker message and a row changed behind our back: two rows of drift.
    f.session.changeSilently(FakeBrokerSession.position(SyncFixture.OTHER_ACCOUNT, 2, "MSFT", 60));
    f.repository.overwrite(aapl(99));
    // Written by the change path: no drift.
    f.time.advanceTo(START.plusSeconds(298));
    f.session.report(FakeBrokerSession.position(ACCOUNT, 3, "TSLA", 10));
    f.time.runDue();
    // Heard but still inside the window when the periodic reconcile starts: in transit, no drift.
    f.time.advanceTo(START.plusSeconds(299));
    f.session.report(FakeBrokerSession.position(ACCOUNT, 4, "NVDA", 5));

    f.time.advanceTo(START.plusSeconds(310));

    assertThat(f.repository.calls(SyncTrigger.PERIODIC)).hasSize(1);
    SyncStatistics stats = f.scheduler.statistics();
    assertThat(stats.drift()).isEqualTo(2);
    assertThat(stats.positionsHeld()).isEqualTo(4);
    assertThat(f.repository.openPositions()).isEqualTo(bookOf(f.session));
  }

  @Test
  void noDriftIsCountedWhileTheChangePathIsOff() {
    f.bound(Map.of("syncOnPositionUpdate", false));
    f.session.report(aapl(300));
    f.time.advance(Duration.ofSeconds(300));

    assertThat(f.repository.openPositions().get(aapl(0).key())).isEqualTo(aapl(300));
    assertThat(f.scheduler.statistics().drift()).isZero();
    assertThat(f.scheduler.statistics().callbackTriggers()).isZero();
  }

  @Test
  void aManualSyncBypassesTheBackoff() {
    f.bound();
    f.repository.failNextWrites(1, new RuntimeException("database down"));
    f.scheduler.syncNow();
    f.time.runDue();
    CompletableFuture<SyncResult> retry = f.scheduler.syncNow();
    f.time.runDue();
    assertThat(retry).isCompleted();
    assertThat(f.repository.calls(SyncTrigger.MANUAL)).hasSize(2);
  }

  @Test
  void aFailedManualSyncCompletesWithTheStoresException() {
    f.bound();
    f.repository.failNextWrites(1, new RuntimeException("database down"));
    CompletableFuture<SyncResult> sync = f.scheduler.syncNow();
    f.time.runDue();
    assertThat(sync)
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(PositionStoreException.class);
  }

  private static Map<org.tradeplatform.broker.api.PositionKey, Position> bookOf(
      FakeBrokerSession session) {
    Map<org.tradeplatform.broker.api.PositionKey, Position> book = new java.util.TreeMap<>();
    session.snapshot().positions().forEach(p -> book.put(p.key(), p));
    return book;
  }
}
