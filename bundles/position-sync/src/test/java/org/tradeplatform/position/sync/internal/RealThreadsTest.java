package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tradeplatform.position.sync.internal.SyncFixture.ACCOUNT;
import static org.tradeplatform.position.sync.internal.SyncFixture.BROKER;
import static org.tradeplatform.position.sync.internal.SyncFixture.aapl;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tradeplatform.position.api.SyncTrigger;

/** The component on its real executor, activated through its DS constructor. */
class RealThreadsTest {
  private static final String THREADS = ThreadPoolSyncExecutor.THREAD_NAME_PREFIX;

  private final InMemoryPositionRepository repository =
      new InMemoryPositionRepository(Instant::now);
  private final FakeBrokerSession session =
      new FakeBrokerSession(BROKER, Set.of(ACCOUNT), Instant::now);

  @Test
  void changesFlowOnNamedThreadsAndDeactivationLeavesNoThreadBehind() {
    session.changeSilently(aapl(100));
    PositionSyncComponent component =
        new PositionSyncComponent(repository, TestConfigs.config(Map.of()));
    component.bindBrokerSession(session);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> repository.calls(SyncTrigger.BIND).size() == 1);

    session.report(aapl(101));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> aapl(101).equals(repository.openPositions().get(aapl(0).key())));
    assertThat(ThreadCount.named(THREADS)).isPositive();
    // Inside the 5 s window: this one waits, and deactivation must still write it.
    session.report(aapl(102));

    component.deactivate();

    assertThat(repository.openPositions().get(aapl(0).key())).isEqualTo(aapl(102));
    assertThat(session.listenerCount()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> ThreadCount.named(THREADS) == 0);
  }

  @Test
  @Timeout(60)
  void theListenerNeverWaitsForAStuckStoreAndSyncsStaySingleFlight() {
    session.changeSilently(aapl(100));
    PositionSyncComponent component =
        new PositionSyncComponent(repository, TestConfigs.config(Map.of("debounceSeconds", 0)));
    component.bindBrokerSession(session);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> repository.calls(SyncTrigger.BIND).size() == 1);
    CountDownLatch storeRecovers = new CountDownLatch(1);
    repository.holdWritesUntil(storeRecovers);

    // The first change starts a write that hangs; every later one must still return at once.
    session.report(aapl(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> repository.writesInFlight() == 1);
    for (int i = 2; i <= 1000; i++) {
      session.report(aapl(i));
    }
    var manual = component.syncNow(BROKER).toCompletableFuture();

    assertThat(component.sessions().get(BROKER).callbackTriggers()).isEqualTo(1000);
    assertThat(session.positionRequests()).isEqualTo(1);
    storeRecovers.countDown();
    manual.join();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> aapl(1000).equals(repository.openPositions().get(aapl(0).key())));
    assertThat(repository.maxConcurrentWrites()).isEqualTo(1);
    component.deactivate();
  }

  @Test
  void deactivationDoesNotWaitForABrokerThatNeverAnswers() {
    session.answer(FakeBrokerSession.AnswerMode.HELD);
    PositionSyncComponent component =
        new PositionSyncComponent(
            repository, TestConfigs.config(Map.of("syncTimeoutSeconds", 600)));
    component.bindBrokerSession(session);
    await().atMost(Duration.ofSeconds(10)).until(() -> session.heldAnswers() == 1);

    component.deactivate();

    await().atMost(Duration.ofSeconds(5)).until(() -> ThreadCount.named(THREADS) == 0);
    session.releaseHeldAnswers();
    assertThat(repository.calls()).isEmpty();
  }

  @Test
  @Timeout(60)
  void pnlFlowsOnTheComponentsThreadsAndDeactivationWritesTheLastValuesAndLeavesNoThread() {
    session.changeSilently(aapl(100));
    PositionSyncComponent component =
        new PositionSyncComponent(
            repository, TestConfigs.config(Map.of("pnlWriteIntervalSeconds", 1)));
    component.bindBrokerSession(session);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> repository.calls(SyncTrigger.BIND).size() == 1);

    session.reportPnl(FakeBrokerSession.pnl(ACCOUNT, 1, "15000", Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() -> component.pnlTotal().writes() == 1);
    assertThat(repository.position(ACCOUNT, 1).orElseThrow().marketValue())
        .isEqualByComparingTo("15000");
    // Inside the window: waits, and deactivation must still write it.
    session.reportPnl(FakeBrokerSession.pnl(ACCOUNT, 1, "15100", Instant.now()));

    component.deactivate();

    assertThat(repository.position(ACCOUNT, 1).orElseThrow().marketValue())
        .isEqualByComparingTo("15100");
    assertThat(session.pnlListenerCount()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> ThreadCount.named(THREADS) == 0);
  }

  @Test
  @Timeout(60)
  void aPnlWriteIsNotHeldUpByAStuckPositionWrite() {
    session.changeSilently(aapl(100));
    PositionSyncComponent component =
        new PositionSyncComponent(
            repository,
            TestConfigs.config(Map.of("debounceSeconds", 0, "pnlWriteIntervalSeconds", 1)));
    component.bindBrokerSession(session);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> repository.calls(SyncTrigger.BIND).size() == 1);
    CountDownLatch storeRecovers = new CountDownLatch(1);
    repository.holdWritesUntil(storeRecovers);
    session.report(aapl(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> repository.writesInFlight() == 1);

    session.reportPnl(FakeBrokerSession.pnl(ACCOUNT, 1, "15000", Instant.now()));

    await().atMost(Duration.ofSeconds(10)).until(() -> component.pnlTotal().writes() == 1);
    assertThat(repository.writesInFlight()).isEqualTo(1);
    storeRecovers.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> aapl(1).equals(repository.openPositions().get(aapl(0).key())));
    component.deactivate();
    await().atMost(Duration.ofSeconds(5)).until(() -> ThreadCount.named(THREADS) == 0);
  }

  @Test
  @Timeout(60)
  void aBlockedOrThrowingObserverNeverDelaysOrFailsASync() throws Exception {
    session.changeSilently(aapl(100));
    PositionSyncComponent component =
        new PositionSyncComponent(repository, TestConfigs.config(Map.of("debounceSeconds", 0)));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.List<org.tradeplatform.position.api.SyncReport> seen =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    component.addSyncObserver(
        report -> {
          throw new IllegalStateException("observer bug");
        });
    component.addSyncObserver(
        report -> {
          seen.add(report);
          try {
            release.await(); // blocks the observer thread until the test ends
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    component.bindBrokerSession(session);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> repository.calls(SyncTrigger.BIND).size() == 1);

    for (int i = 1; i <= 5; i++) {
      component
          .syncNow(BROKER)
          .toCompletableFuture()
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    session.report(aapl(105));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> aapl(105).equals(repository.openPositions().get(aapl(0).key())));

    assertThat(component.total().syncsSucceeded()).isEqualTo(7);
    assertThat(component.total().syncsFailed()).isZero();
    assertThat(seen).hasSize(1); // still blocked on the first report
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 7);
    assertThat(seen)
        .extracting(org.tradeplatform.position.api.SyncReport::outcome)
        .containsOnly(org.tradeplatform.position.api.SyncOutcome.SUCCEEDED);
    component.deactivate();
    await().atMost(Duration.ofSeconds(5)).until(() -> ThreadCount.named(THREADS) == 0);
  }
}
