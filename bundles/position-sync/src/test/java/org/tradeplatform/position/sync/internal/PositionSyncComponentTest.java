package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tradeplatform.position.sync.internal.SyncFixture.ACCOUNT;
import static org.tradeplatform.position.sync.internal.SyncFixture.BROKER;
import static org.tradeplatform.position.sync.internal.SyncFixture.OTHER_ACCOUNT;
import static org.tradeplatform.position.sync.internal.SyncFixture.START;
import static org.tradeplatform.position.sync.internal.SyncFixture.aapl;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.tradeplatform.position.api.PositionEvents;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;

class PositionSyncComponentTest {

  private final VirtualTimeExecutor time = new VirtualTimeExecutor(START);
  private final InMemoryPositionRepository repository = new InMemoryPositionRepository(time::now);
  private final FakeBrokerSession session = newSession();
  private final RecordingEventAdmin eventAdmin = new RecordingEventAdmin();
  private PositionSyncComponent component;

  @AfterEach
  void deactivate() {
    if (component != null) {
      component.deactivate();
    }
  }

  private FakeBrokerSession newSession() {
    FakeBrokerSession s = new FakeBrokerSession(BROKER, Set.of(ACCOUNT, OTHER_ACCOUNT), time::now);
    s.changeSilently(aapl(100));
    s.changeSilently(FakeBrokerSession.position(OTHER_ACCOUNT, 2, "MSFT", 50));
    return s;
  }

  private PositionSyncComponent activate(Map<String, Object> config) {
    component = new PositionSyncComponent(repository, TestConfigs.settings(config), time);
    component.bindEventAdmin(eventAdmin);
    return component;
  }

  private void configure(Map<String, Object> config) {
    component.modified(TestConfigs.config(config));
    time.runDue();
  }

  @Test
  void bindRegistersTheListenerAndSyncsTheSession() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.runDue();

    assertThat(session.listenerCount()).isEqualTo(1);
    assertThat(repository.calls(SyncTrigger.BIND)).hasSize(1);
    SyncStatistics stats = component.sessions().get(BROKER);
    assertThat(stats.registeredCallbacks()).isEqualTo(1);
    assertThat(stats.syncsSucceeded()).isEqualTo(1);
    assertThat(stats.positionsHeld()).isEqualTo(2);
    assertThat(component.health().status()).isEqualTo(HealthStatus.OK);
  }

  @Test
  void aChangeIsSyncedWithinTheDebounceWindow() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.advance(Duration.ofSeconds(1));
    Instant changedAt = time.now();
    session.report(aapl(110));
    time.advance(Duration.ofSeconds(5));

    assertThat(repository.calls(SyncTrigger.CALLBACK)).hasSize(1);
    assertThat(repository.calls(SyncTrigger.CALLBACK).get(0).at())
        .isBetween(changedAt, changedAt.plusSeconds(5));
    assertThat(repository.openPositions()).containsValue(aapl(110));
    assertThat(component.sessions().get(BROKER).callbackTriggers()).isEqualTo(1);
  }

  @Test
  void unbindRemovesTheListenerAndWritesTheReceivedChanges() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.advance(Duration.ofSeconds(1));
    session.report(aapl(1));
    time.advance(Duration.ofSeconds(1));
    session.report(aapl(2));

    component.unbindBrokerSession(session);
    time.runDue();

    assertThat(session.listenerCount()).isZero();
    assertThat(repository.openPositions()).containsValue(aapl(2));
    assertThat(component.sessions()).isEmpty();
    assertThat(component.total().callbackTriggers()).isEqualTo(2);
    assertThat(component.total().syncsSucceeded()).isEqualTo(3);
    assertThat(component.health().status()).isEqualTo(HealthStatus.WARN);
    assertThat(component.health().messages()).contains("no broker session is bound");
  }

  @Test
  void reconnectRegistersAgainAndSyncsEverythingThatHappenedMeanwhile() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.runDue();
    component.unbindBrokerSession(session);
    time.advance(Duration.ofMinutes(10));

    // The nightly restart: AAPL was sold while disconnected, MSFT grew, TSLA is new.
    FakeBrokerSession reconnected =
        new FakeBrokerSession(BROKER, Set.of(ACCOUNT, OTHER_ACCOUNT), time::now);
    reconnected.changeSilently(FakeBrokerSession.position(OTHER_ACCOUNT, 2, "MSFT", 75));
    reconnected.changeSilently(FakeBrokerSession.position(ACCOUNT, 3, "TSLA", 10));
    component.bindBrokerSession(reconnected);
    time.runDue();

    assertThat(reconnected.listenerCount()).isEqualTo(1);
    assertThat(session.listenerCount()).isZero();
    assertThat(repository.openPositions().values())
        .containsExactlyInAnyOrder(
            FakeBrokerSession.position(OTHER_ACCOUNT, 2, "MSFT", 75),
            FakeBrokerSession.position(ACCOUNT, 3, "TSLA", 10));
    assertThat(repository.position(ACCOUNT, 1)).get().matches(p -> p.isClosed());
    assertThat(component.sessions().get(BROKER).syncsSucceeded()).isEqualTo(1);
    assertThat(component.total().syncsSucceeded()).isEqualTo(2);

    reconnected.report(aapl(5));
    time.runDue();
    assertThat(repository.openPositions()).containsValue(aapl(5));
  }

  @Test
  void aReplacingSessionStartsOnlyAfterItsPredecessorWroteWhatItHadReceived() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.runDue();
    session.report(aapl(7)); // queued, not yet written, when the session goes away
    component.unbindBrokerSession(session);

    FakeBrokerSession reconnected =
        new FakeBrokerSession(BROKER, Set.of(ACCOUNT, OTHER_ACCOUNT), time::now);
    reconnected.changeSilently(aapl(9));
    component.bindBrokerSession(reconnected);
    assertThat(reconnected.listenerCount()).as("waits for the predecessor's last write").isZero();

    time.runDue();

    assertThat(reconnected.listenerCount()).isEqualTo(1);
    assertThat(repository.openPositions()).containsValue(aapl(9));
    List<SyncTrigger> order =
        repository.calls().stream().map(InMemoryPositionRepository.Call::trigger).toList();
    assertThat(order.subList(order.size() - 2, order.size()))
        .containsExactly(SyncTrigger.CALLBACK, SyncTrigger.BIND);
  }

  @Test
  void debounceChangedLiveFromFiveToOneSecond() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.advance(Duration.ofSeconds(30));
    Instant first = time.now();
    session.report(aapl(1));
    time.advance(Duration.ofMillis(500));
    session.report(aapl(2)); // queued for first + 5 s

    configure(Map.of("debounceSeconds", 1));
    time.advance(Duration.ofSeconds(10));

    assertThat(repository.calls(SyncTrigger.CALLBACK))
        .extracting(InMemoryPositionRepository.Call::at)
        .containsExactly(first, first.plusSeconds(1));
    assertThat(session.listenerCount()).isEqualTo(1);
    assertThat(repository.calls(SyncTrigger.BIND)).hasSize(1);
  }

  @Test
  void periodicIntervalChangedLiveFrom300To60Seconds() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.advance(Duration.ofSeconds(10));

    configure(Map.of("periodicIntervalSeconds", 60));
    time.advance(Duration.ofSeconds(120));

    assertThat(repository.calls(SyncTrigger.PERIODIC))
        .extracting(InMemoryPositionRepository.Call::at)
        .containsExactly(START.plusSeconds(60), START.plusSeconds(120));
    assertThat(component.settings().periodicInterval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void turningSyncOnPositionUpdateOffRemovesTheListenersAndOnAddsThemBack() {
    activate(Map.of());
    FakeBrokerSession second = new FakeBrokerSession("ib-live", Set.of("U999"), time::now);
    component.bindBrokerSession(session);
    component.bindBrokerSession(second);
    time.runDue();
    assertThat(component.total().registeredCallbacks()).isEqualTo(2);

    configure(Map.of("syncOnPositionUpdate", false));
    assertThat(session.listenerCount()).isZero();
    assertThat(second.listenerCount()).isZero();
    assertThat(component.total().registeredCallbacks()).isZero();
    session.report(aapl(7));
    time.advance(Duration.ofSeconds(10));
    assertThat(repository.calls(SyncTrigger.CALLBACK)).isEmpty();

    configure(Map.of("syncOnPositionUpdate", true));
    assertThat(session.listenerCount()).isEqualTo(1);
    assertThat(second.listenerCount()).isEqualTo(1);
    // The bindings were never dropped: no second bind sync.
    assertThat(repository.calls(SyncTrigger.BIND)).hasSize(2);
  }

  @Test
  void anInvalidValueIsRefusedAndTheOldBehaviourKept() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.advance(Duration.ofSeconds(30));

    configure(Map.of("debounceSeconds", -1));

    assertThat(component.rejectedConfiguration()).get().asString().contains("debounceSeconds");
    assertThat(component.health().status()).isEqualTo(HealthStatus.WARN);
    assertThat(component.health().messages()).anyMatch(m -> m.contains("debounceSeconds"));
    assertThat(component.settings()).isEqualTo(TestConfigs.settings(Map.of()));
    // Still the 5 s window.
    Instant first = time.now();
    session.report(aapl(1));
    time.advance(Duration.ofMillis(100));
    session.report(aapl(2));
    time.advance(Duration.ofSeconds(10));
    assertThat(repository.calls(SyncTrigger.CALLBACK))
        .extracting(InMemoryPositionRepository.Call::at)
        .containsExactly(first, first.plusSeconds(5));

    configure(Map.of("periodicIntervalSeconds", 9));
    assertThat(component.rejectedConfiguration())
        .get()
        .asString()
        .contains("periodicIntervalSeconds");

    configure(Map.of("debounceSeconds", 2));
    assertThat(component.rejectedConfiguration()).isEmpty();
    assertThat(component.settings().debounce()).isEqualTo(Duration.ofSeconds(2));
    assertThat(component.health().status()).isEqualTo(HealthStatus.OK);
  }

  @Test
  void aColdStartWithAnInvalidValueDoesNotActivateAndNamesTheProperty() {
    long threadsBefore = ThreadCount.named(ThreadPoolSyncExecutor.THREAD_NAME_PREFIX);
    assertThatThrownBy(
            () ->
                new PositionSyncComponent(
                    repository, TestConfigs.config(Map.of("periodicIntervalSeconds", 5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("periodicIntervalSeconds")
        .hasMessageContaining(PositionSyncConfig.PID);
    assertThat(ThreadCount.named(ThreadPoolSyncExecutor.THREAD_NAME_PREFIX))
        .isLessThanOrEqualTo(threadsBefore);
  }

  @Test
  void disablingDetachesEverySessionAndEnablingAttachesThemAgain() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.runDue();

    configure(Map.of("enabled", false));
    assertThat(session.listenerCount()).isZero();
    assertThat(component.sessions()).isEmpty();
    assertThat(component.syncNow(BROKER)).isCompletedExceptionally();
    assertThat(component.health().messages()).anyMatch(m -> m.contains("disabled"));
    time.advance(Duration.ofSeconds(600));
    assertThat(repository.calls()).hasSize(1);

    configure(Map.of("enabled", true));
    assertThat(session.listenerCount()).isEqualTo(1);
    assertThat(repository.calls(SyncTrigger.BIND)).hasSize(2);
  }

  @Test
  void eventsArePostedAfterEachCommit() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.advance(Duration.ofSeconds(30));
    session.report(FakeBrokerSession.position(ACCOUNT, 1, "AAPL", 130));
    time.runDue();

    assertThat(eventAdmin.events(PositionEvents.SYNCED)).hasSize(2);
    Event synced = eventAdmin.events(PositionEvents.SYNCED).get(1);
    assertThat(synced.getProperty(PositionEvents.TRIGGER)).isEqualTo("CALLBACK");
    assertThat(synced.getProperty(PositionEvents.BROKER_ID)).isEqualTo(BROKER);
    assertThat(synced.getProperty(PositionEvents.UPDATED)).isEqualTo(1);

    assertThat(eventAdmin.events(PositionEvents.CHANGED)).hasSize(3);
    Event changed = eventAdmin.events(PositionEvents.CHANGED).get(2);
    assertThat(changed.getProperty(PositionEvents.ACCOUNT)).isEqualTo(ACCOUNT);
    assertThat(changed.getProperty(PositionEvents.CON_ID)).isEqualTo(1L);
    assertThat(changed.getProperty(PositionEvents.SYMBOL)).isEqualTo("AAPL");
    assertThat((BigDecimal) changed.getProperty(PositionEvents.OLD_QUANTITY))
        .isEqualByComparingTo("100");
    assertThat((BigDecimal) changed.getProperty(PositionEvents.NEW_QUANTITY))
        .isEqualByComparingTo("130");
    assertThat(changed.getProperty(PositionEvents.KIND)).isEqualTo("UPDATED");

    component.unbindEventAdmin(eventAdmin);
    session.report(aapl(140));
    time.advance(Duration.ofSeconds(10));
    assertThat(repository.openPositions()).containsValue(aapl(140));
    assertThat(eventAdmin.events(PositionEvents.SYNCED)).hasSize(2);
  }

  @Test
  void noEventIsPostedForAFailedSync() {
    activate(Map.of());
    repository.failNextWrites(1, new RuntimeException("database down"));
    component.bindBrokerSession(session);
    time.runDue();
    assertThat(eventAdmin.events(PositionEvents.SYNCED)).isEmpty();
    assertThat(eventAdmin.events(PositionEvents.CHANGED)).isEmpty();
  }

  @Test
  void syncNowReconcilesTheNamedSessionAndRefusesAnUnknownOne() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.runDue();
    session.changeSilently(aapl(0));

    var sync = component.syncNow(BROKER).toCompletableFuture();
    time.runDue();

    assertThat(sync.join().closed()).isEqualTo(1);
    assertThat(component.sessions().get(BROKER).lastTrigger()).isEqualTo(SyncTrigger.MANUAL);
    assertThat(component.syncNow("nope").toCompletableFuture())
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .withMessageContaining("nope");
  }

  @Test
  void healthFailsWhenTheLastSuccessfulSyncIsOlderThanTwiceThePeriodicInterval() {
    activate(Map.of("periodicIntervalSeconds", 60));
    component.bindBrokerSession(session);
    time.runDue();
    repository.failNextWrites(10_000, new RuntimeException("database down"));
    session.report(aapl(1));

    time.advance(Duration.ofSeconds(119));
    assertThat(component.health().status()).isEqualTo(HealthStatus.OK);
    time.advance(Duration.ofSeconds(2));

    HealthReport health = component.health();
    assertThat(health.status()).isEqualTo(HealthStatus.CRITICAL);
    assertThat(health.messages())
        .singleElement()
        .asString()
        .contains(BROKER, "limit 120 s", "database down");
    assertThat(component.sessions().get(BROKER).syncsFailed()).isGreaterThan(2);
  }

  @Test
  void unbindNeverWaitsForARunningSync() {
    activate(Map.of());
    session.answer(FakeBrokerSession.AnswerMode.HELD);
    component.bindBrokerSession(session);
    time.runDue();

    component.unbindBrokerSession(session); // returns although the bind sync still waits

    assertThat(session.listenerCount()).isZero();
    assertThat(component.total().syncsAbandoned()).isEqualTo(1);
    assertThat(component.total().syncsFailed()).isZero();
    session.releaseHeldAnswers();
    time.runDue();
    assertThat(repository.calls()).isEmpty();
  }

  @Test
  void bindingTheSameServiceTwiceKeepsOneListener() {
    activate(Map.of());
    component.bindBrokerSession(session);
    component.bindBrokerSession(session);
    time.runDue();
    assertThat(session.listenerCount()).isEqualTo(1);
    assertThat(repository.calls(SyncTrigger.BIND)).hasSize(1);
  }

  @Test
  void syncOnBindFalseLeavesTheFirstReconcileToThePeriodicTimer() {
    activate(Map.of("syncOnBind", false));
    component.bindBrokerSession(session);
    time.advance(Duration.ofSeconds(299));
    assertThat(repository.calls()).isEmpty();
    time.advance(Duration.ofSeconds(1));
    assertThat(repository.calls(SyncTrigger.PERIODIC)).hasSize(1);
    assertThat(repository.openPositions().values()).contains(aapl(100));
  }

  private void reportPnl(FakeBrokerSession broker, String marketValue) {
    broker.reportPnl(FakeBrokerSession.pnl(ACCOUNT, 1, marketValue, time.now()));
  }

  @Test
  void bindRegistersAPnlListenerBesideThePositionListenerAndUnbindRemovesIt() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.runDue();
    assertThat(session.pnlListenerCount()).isEqualTo(1);
    assertThat(component.pnlSessions().get(BROKER).registeredListeners()).isEqualTo(1);

    reportPnl(session, "15000");
    time.advance(Duration.ofSeconds(5));
    assertThat(repository.pnlCalls()).hasSize(1);
    assertThat(repository.position(ACCOUNT, 1).orElseThrow().marketValue())
        .isEqualByComparingTo("15000");

    reportPnl(session, "15100");
    component.unbindBrokerSession(session);
    time.runDue();

    assertThat(session.pnlListenerCount()).isZero();
    assertThat(session.listenerCount()).isZero();
    assertThat(component.pnlSessions()).isEmpty();
    // The value already received is written once more; the counters stay in the total.
    assertThat(repository.pnlCalls()).hasSize(2);
    PnlStatistics total = component.pnlTotal();
    assertThat(total.registeredListeners()).isZero();
    assertThat(total.updatesReceived()).isEqualTo(2);
    assertThat(total.writes()).isEqualTo(2);
    assertThat(total.rowsWritten()).isEqualTo(2);
  }

  @Test
  void pnlListeningDoesNotDependOnSyncOnPositionUpdate() {
    activate(Map.of("syncOnPositionUpdate", false));
    component.bindBrokerSession(session);
    time.runDue();

    assertThat(session.listenerCount()).isZero();
    assertThat(session.pnlListenerCount()).isEqualTo(1);

    configure(Map.of("syncOnPositionUpdate", true));
    configure(Map.of("syncOnPositionUpdate", false));
    assertThat(session.pnlListenerCount()).isEqualTo(1);
    reportPnl(session, "15000");
    time.advance(Duration.ofSeconds(5));
    assertThat(repository.pnlCalls()).hasSize(1);
  }

  @Test
  void aZeroPnlWriteIntervalRegistersNoPnlListenerAndCanBeChangedLive() {
    activate(Map.of("pnlWriteIntervalSeconds", 0));
    component.bindBrokerSession(session);
    time.runDue();
    assertThat(session.pnlListenerCount()).isZero();
    assertThat(session.listenerCount()).isEqualTo(1);
    assertThat(component.pnlSessions()).isEmpty();

    configure(Map.of("pnlWriteIntervalSeconds", 2));
    assertThat(session.pnlListenerCount()).isEqualTo(1);
    Instant heard = time.now();
    reportPnl(session, "15000");
    time.advance(Duration.ofSeconds(5));
    assertThat(repository.pnlCalls())
        .extracting(InMemoryPositionRepository.PnlCall::at)
        .containsExactly(heard.plusSeconds(2));

    configure(Map.of("pnlWriteIntervalSeconds", 0));
    assertThat(session.pnlListenerCount()).isZero();
    assertThat(session.listenerCount()).isEqualTo(1);
    assertThat(component.pnlTotal().writes()).isEqualTo(1);
    // The bindings were never dropped: no second bind sync.
    assertThat(repository.calls(SyncTrigger.BIND)).hasSize(1);
  }

  @Test
  void aNegativePnlWriteIntervalIsRefusedAndTheOldOneKept() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.runDue();

    configure(Map.of("pnlWriteIntervalSeconds", -1));

    assertThat(component.rejectedConfiguration())
        .get()
        .asString()
        .startsWith("pnlWriteIntervalSeconds:");
    assertThat(component.settings().pnlWriteInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(session.pnlListenerCount()).isEqualTo(1);
    assertThat(component.health().status()).isEqualTo(HealthStatus.WARN);
  }

  @Test
  void aColdStartWithANegativePnlWriteIntervalDoesNotActivate() {
    assertThatThrownBy(
            () ->
                new PositionSyncComponent(
                    repository, TestConfigs.config(Map.of("pnlWriteIntervalSeconds", -5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pnlWriteIntervalSeconds");
  }

  @Test
  void aPnlWriteIsNeitherAPositionSyncNorAnEvent() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.advance(Duration.ofSeconds(1));
    SyncStatistics before = component.sessions().get(BROKER);
    int eventsBefore = eventAdmin.events(PositionEvents.CHANGED).size();
    int syncedBefore = eventAdmin.events(PositionEvents.SYNCED).size();

    for (int i = 0; i < 100; i++) {
      reportPnl(session, Integer.toString(15_000 + i));
      time.advance(Duration.ofMillis(100));
    }
    time.advance(Duration.ofSeconds(5));

    // Updates from second 1 to 10.9: writes at 5, 10 and 15 (one interval after the previous one).
    assertThat(repository.pnlCalls())
        .extracting(InMemoryPositionRepository.PnlCall::at)
        .containsExactly(START.plusSeconds(5), START.plusSeconds(10), START.plusSeconds(15));
    assertThat(component.sessions().get(BROKER)).isEqualTo(before);
    assertThat(eventAdmin.events(PositionEvents.CHANGED)).hasSize(eventsBefore);
    assertThat(eventAdmin.events(PositionEvents.SYNCED)).hasSize(syncedBefore);
    assertThat(repository.calls()).hasSize(1); // the bind sync only
    assertThat(repository.syncRuns(10)).hasSize(1);
  }

  @Test
  void aPnlWriteDoesNotWaitForAPositionSyncInFlight() {
    activate(Map.of());
    session.answer(FakeBrokerSession.AnswerMode.HELD);
    component.bindBrokerSession(session);
    time.runDue();
    assertThat(session.heldAnswers()).isEqualTo(1); // the bind reconcile waits for the broker

    reportPnl(session, "15000");
    time.advance(Duration.ofSeconds(5));

    assertThat(repository.pnlCalls()).hasSize(1);
    assertThat(component.sessions().get(BROKER).syncsSucceeded()).isZero();
    session.releaseHeldAnswers();
    time.runDue();
    assertThat(component.sessions().get(BROKER).syncsSucceeded()).isEqualTo(1);
  }

  @Test
  void disablingAndDeactivatingRemoveThePnlListener() {
    activate(Map.of());
    component.bindBrokerSession(session);
    time.runDue();

    configure(Map.of("enabled", false));
    assertThat(session.pnlListenerCount()).isZero();
    configure(Map.of("enabled", true));
    assertThat(session.pnlListenerCount()).isEqualTo(1);

    reportPnl(session, "15000");
    component.deactivate();
    component = null;
    time.runDue();
    assertThat(session.pnlListenerCount()).isZero();
    assertThat(repository.pnlCalls()).hasSize(1);
    assertThat(time.waitingTasks()).isZero();
  }
}
