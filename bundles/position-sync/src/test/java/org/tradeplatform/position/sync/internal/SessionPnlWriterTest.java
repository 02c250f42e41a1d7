package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeplatform.position.sync.internal.SyncFixture.ACCOUNT;
import static org.tradeplatform.position.sync.internal.SyncFixture.BROKER;
import static org.tradeplatform.position.sync.internal.SyncFixture.OTHER_ACCOUNT;
import static org.tradeplatform.position.sync.internal.SyncFixture.START;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.position.api.PnlStatistics;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.position.sync.internal.InMemoryPositionRepository.PnlCall;

/** The PnL path of one session, in virtual time. */
class SessionPnlWriterTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  private final VirtualTimeExecutor time = new VirtualTimeExecutor(START);
  private final FakeBrokerSession session =
      new FakeBrokerSession(BROKER, Set.of(ACCOUNT, OTHER_ACCOUNT), time::now);
  private final InMemoryPositionRepository repository = new InMemoryPositionRepository(time::now);
  private final SessionPnlWriter writer = new SessionPnlWriter(session, repository, time, INTERVAL);

  private PositionPnl aaplWorth(long marketValue) {
    return FakeBrokerSession.pnl(ACCOUNT, 1, Long.toString(marketValue), time.now());
  }

  private PositionPnl msftWorth(long marketValue) {
    return FakeBrokerSession.pnl(OTHER_ACCOUNT, 2, Long.toString(marketValue), time.now());
  }

  private static long aaplValueIn(PnlCall call) {
    return call.of(ACCOUNT, 1).marketValue().longValueExact();
  }

  @Test
  void startRegistersTheListenerAndDetachRemovesIt() {
    writer.start();
    assertThat(session.pnlListenerCount()).isEqualTo(1);
    assertThat(writer.statistics().registeredListeners()).isEqualTo(1);

    writer.detach();

    assertThat(session.pnlListenerCount()).isZero();
    assertThat(writer.statistics().registeredListeners()).isZero();
    assertThat(writer.retired()).isCompleted();
  }

  @Test
  void aThousandUpdatesWithinOneIntervalAreOneWriteWithTheLatestValues() {
    writer.start();
    for (int i = 1; i <= 1000; i++) {
      time.advance(Duration.ofMillis(4));
      session.reportPnl(i % 2 == 0 ? aaplWorth(10_000 + i) : msftWorth(20_000 + i));
    }
    assertThat(repository.pnlCalls()).isEmpty();

    time.advanceTo(START.plus(INTERVAL));

    assertThat(repository.pnlCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.at()).isEqualTo(START.plus(INTERVAL));
              assertThat(call.pnl()).hasSize(2);
              assertThat(aaplValueIn(call)).isEqualTo(11000L);
              assertThat(call.of(OTHER_ACCOUNT, 2).marketValue()).isEqualByComparingTo("20999");
            });
    PnlStatistics stats = writer.statistics();
    assertThat(stats.updatesReceived()).isEqualTo(1000);
    assertThat(stats.writes()).isEqualTo(1);
    assertThat(stats.writesFailed()).isZero();
    assertThat(stats.lastWriteAt()).isEqualTo(START.plus(INTERVAL));
    assertThat(time.waitingTasks()).isZero();
  }

  @Test
  void continuousUpdatesAreWrittenOncePerIntervalWithTheLatestValue() {
    writer.start();
    for (int i = 1; i <= 300; i++) {
      time.advance(Duration.ofMillis(100)); // writes due now run before this update
      session.reportPnl(aaplWorth(i));
    }
    time.advance(Duration.ofSeconds(5));

    List<PnlCall> calls = repository.pnlCalls();
    assertThat(calls)
        .extracting(PnlCall::at)
        .containsExactly(
            START.plusSeconds(5),
            START.plusSeconds(10),
            START.plusSeconds(15),
            START.plusSeconds(20),
            START.plusSeconds(25),
            START.plusSeconds(30),
            START.plusSeconds(35));
    // At second 5k the write carries the update of 5k - 0.1 s: update number 50k - 1, the last one
    // in the last write.
    assertThat(calls)
        .extracting(SessionPnlWriterTest::aaplValueIn)
        .containsExactly(49L, 99L, 149L, 199L, 249L, 299L, 300L);
    assertThat(writer.statistics().writes()).isEqualTo(7);
  }

  @Test
  void afterAQuietSpellTheNextValueIsWrittenAtOnce() {
    writer.start();
    session.reportPnl(aaplWorth(1));
    time.advance(Duration.ofMinutes(1));
    Instant later = time.now();

    session.reportPnl(aaplWorth(2));
    time.runDue();
    session.reportPnl(aaplWorth(3));
    time.advance(Duration.ofSeconds(10));

    assertThat(repository.pnlCalls())
        .extracting(PnlCall::at)
        .containsExactly(START.plus(INTERVAL), later, later.plus(INTERVAL));
    assertThat(repository.pnlCalls())
        .extracting(SessionPnlWriterTest::aaplValueIn)
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void valuesArrivingDuringAWriteGoIntoTheNextOne() {
    writer.start();
    session.reportPnl(aaplWorth(1));
    repository.duringPnlWrite(
        () -> {
          repository.duringPnlWrite(() -> {});
          session.reportPnl(aaplWorth(2));
        });

    time.advance(Duration.ofSeconds(5));
    assertThat(repository.pnlCalls())
        .singleElement()
        .extracting(SessionPnlWriterTest::aaplValueIn)
        .isEqualTo(1L);

    time.advance(Duration.ofSeconds(5));
    assertThat(repository.pnlCalls())
        .extracting(SessionPnlWriterTest::aaplValueIn)
        .containsExactly(1L, 2L);
    assertThat(repository.pnlCalls().get(1).at()).isEqualTo(START.plusSeconds(10));
  }

  @Test
  void aFailedWriteKeepsItsValuesAndTheRetryCarriesTheLatestOnes() {
    writer.start();
    repository.failNextPnlWrites(1, new RuntimeException("database down"));
    session.reportPnl(aaplWorth(1));
    session.reportPnl(msftWorth(1));

    time.advance(Duration.ofSeconds(5)); // fails
    PnlStatistics failed = writer.statistics();
    assertThat(failed.writesFailed()).isEqualTo(1);
    assertThat(failed.lastError()).contains("could not write PnL", "database down");

    time.advance(Duration.ofMillis(500));
    session.reportPnl(aaplWorth(2)); // newer than the failed value
    time.advance(Duration.ofSeconds(5));

    List<PnlCall> calls = repository.pnlCalls();
    assertThat(calls)
        .extracting(PnlCall::at)
        .containsExactly(START.plusSeconds(5), START.plusSeconds(10));
    PnlCall retry = calls.get(1);
    assertThat(aaplValueIn(retry)).isEqualTo(2L);
    assertThat(retry.of(OTHER_ACCOUNT, 2).marketValue()).isEqualByComparingTo("1");
    PnlStatistics recovered = writer.statistics();
    assertThat(recovered.writes()).isEqualTo(1);
    assertThat(recovered.writesFailed()).isEqualTo(1);
    assertThat(recovered.lastError()).isNull();
  }

  @Test
  void aLongOutageIsRetriedWithBackoffAndNothingIsLost() {
    writer.start();
    repository.failNextPnlWrites(6, new RuntimeException("database down"));
    session.reportPnl(aaplWorth(7));

    time.advance(Duration.ofMinutes(5));

    // 5 s window, then the backoff after each failure (1, 2, 4, 8, 16, 32 s) when it is longer.
    assertThat(repository.pnlCalls())
        .extracting(PnlCall::at)
        .containsExactly(
            START.plusSeconds(5),
            START.plusSeconds(10),
            START.plusSeconds(15),
            START.plusSeconds(20),
            START.plusSeconds(28),
            START.plusSeconds(44),
            START.plusSeconds(76));
    assertThat(repository.pnlCalls())
        .extracting(SessionPnlWriterTest::aaplValueIn)
        .containsOnly(7L);
    assertThat(writer.statistics().writesFailed()).isEqualTo(6);
    assertThat(writer.statistics().writes()).isEqualTo(1);
    assertThat(time.waitingTasks()).isZero();
  }

  @Test
  void aLaterUpdateWithoutSomeValuesKeepsTheEarlierOnesOfThatPosition() {
    writer.start();
    Instant at = time.now();
    session.reportPnl(
        new PositionPnl(
            ACCOUNT, 1, new BigDecimal("101.5"), new BigDecimal("10150"), null, null, at));
    session.reportPnl(
        new PositionPnl(ACCOUNT, 1, null, null, new BigDecimal("150"), new BigDecimal("-20"), at));

    time.advance(Duration.ofSeconds(5));

    PositionPnl written = repository.pnlCalls().get(0).of(ACCOUNT, 1);
    assertThat(written.marketPrice()).isEqualByComparingTo("101.5");
    assertThat(written.marketValue()).isEqualByComparingTo("10150");
    assertThat(written.unrealizedPnl()).isEqualByComparingTo("150");
    assertThat(written.realizedPnl()).isEqualByComparingTo("-20");
  }

  @Test
  void detachWritesTheValuesAlreadyReceivedOnceAndIgnoresLaterOnes() {
    writer.start();
    session.reportPnl(aaplWorth(1));
    time.advance(Duration.ofSeconds(1));

    writer.detach();
    assertThat(writer.retired()).isNotCompleted();
    time.runDue();

    assertThat(repository.pnlCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.at()).isEqualTo(START.plusSeconds(1));
              assertThat(aaplValueIn(call)).isEqualTo(1L);
            });
    assertThat(writer.retired()).isCompleted();
    session.reportPnl(aaplWorth(2)); // no listener any more: the session would not deliver it
    writer.detach();
    time.advance(Duration.ofMinutes(1));
    assertThat(repository.pnlCalls()).hasSize(1);
    assertThat(time.waitingTasks()).isZero();
  }

  @Test
  void aFailingFinalWriteIsNotRetried() {
    writer.start();
    repository.failNextPnlWrites(1, new RuntimeException("database down"));
    session.reportPnl(aaplWorth(1));

    writer.detach();
    time.advance(Duration.ofMinutes(1));

    assertThat(repository.pnlCalls()).hasSize(1);
    assertThat(writer.statistics().writesFailed()).isEqualTo(1);
    assertThat(writer.retired()).isCompleted();
  }

  @Test
  void aNewIntervalReTimesTheArmedWrite() {
    writer.start();
    session.reportPnl(aaplWorth(1));

    writer.updateInterval(Duration.ofSeconds(2));
    time.advance(Duration.ofSeconds(10));

    assertThat(repository.pnlCalls()).extracting(PnlCall::at).containsExactly(START.plusSeconds(2));
  }

  @Test
  void pnlIsWrittenOnlyToKnownPositionsAndChangesNoPositionRow() {
    repository.apply(BROKER, List.of(SyncFixture.aapl(100)), SyncTrigger.BIND);
    writer.start();
    session.reportPnl(aaplWorth(15_000));
    session.reportPnl(FakeBrokerSession.pnl(ACCOUNT, 99, "5", time.now())); // no such position

    time.advance(Duration.ofSeconds(5));

    assertThat(writer.statistics().rowsWritten()).isEqualTo(1);
    assertThat(repository.position(ACCOUNT, 1))
        .get()
        .satisfies(
            row -> {
              assertThat(row.marketValue()).isEqualByComparingTo("15000");
              assertThat(row.position()).isEqualTo(SyncFixture.aapl(100));
            });
    assertThat(repository.position(ACCOUNT, 99)).isEmpty();
    assertThat(repository.calls()).hasSize(1); // only the setup's own write
  }
}
