package org.tradeplatform.position.sync.internal;

import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * For the shell commands' tests: the component on its real executor with one bound broker session
 * ({@code ib-paper}: DU111 AAPL 100, DU222 MSFT 50) already synced; PnL written every second.
 */
public final class ShellFixture implements AutoCloseable {
  public static final String BROKER = SyncFixture.BROKER;
  public static final String ACCOUNT = SyncFixture.ACCOUNT;

  private final InMemoryPositionRepository repository =
      new InMemoryPositionRepository(Instant::now);
  private final FakeBrokerSession session =
      new FakeBrokerSession(
          BROKER, Set.of(SyncFixture.ACCOUNT, SyncFixture.OTHER_ACCOUNT), Instant::now);
  private final PositionSyncComponent component;

  public ShellFixture() {
    session.changeSilently(SyncFixture.aapl(100));
    session.changeSilently(FakeBrokerSession.position(SyncFixture.OTHER_ACCOUNT, 2, "MSFT", 50));
    // PnL written every second, so a shell test sees a PnL write soon.
    component =
        new PositionSyncComponent(
            repository, TestConfigs.config(Map.of("pnlWriteIntervalSeconds", 1)));
    component.bindBrokerSession(session);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> repository.calls(SyncTrigger.BIND).size() == 1);
  }

  public PositionSyncComponent component() {
    return component;
  }

  public PositionRepository repository() {
    return repository;
  }

  /** The broker's book changes without a callback: only a full reconcile finds it. */
  public void brokerHolds(String account, long conId, String symbol, String quantity) {
    session.changeSilently(
        new Position(
            account,
            Contract.stock(conId, symbol, "USD"),
            new BigDecimal(quantity),
            BigDecimal.ONE));
  }

  /** The broker reports a new market value of a position. */
  public void brokerReportsPnl(String account, long conId, String marketValue) {
    session.reportPnl(FakeBrokerSession.pnl(account, conId, marketValue, Instant.now()));
  }

  /** The next write of the store fails. */
  public void storeFailsOnce(String message) {
    repository.failNextWrites(1, new RuntimeException(message));
  }

  /** Offers an invalid configuration, which the component refuses. */
  public void offerNegativeDebounce() {
    component.modified(TestConfigs.config(Map.of("debounceSeconds", -3)));
  }

  public void unbind() {
    component.unbindBrokerSession(session);
  }

  @Override
  public void close() {
    component.deactivate();
  }
}
