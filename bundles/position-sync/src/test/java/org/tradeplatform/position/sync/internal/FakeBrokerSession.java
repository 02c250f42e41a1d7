package org.tradeplatform.position.sync.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.PnlListener;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionListener;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;

/**
 * A broker session under the test's control: a live position book that tells listeners of each
 * change (as the real session does), PnL updates pushed by the test, and a positions answer that is
 * immediate, held back for the test to release, or failed.
 */
final class FakeBrokerSession implements BrokerSession {

  enum AnswerMode {
    IMMEDIATE,
    HELD,
    FAILING
  }

  private final String id;
  private final Set<String> accounts;
  private final Supplier<Instant> clock;
  private final Map<PositionKey, Position> book = new LinkedHashMap<>();
  private final List<PositionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<PnlListener> pnlListeners = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<PositionSnapshot>> heldAnswers = new ArrayList<>();
  private volatile AnswerMode answerMode = AnswerMode.IMMEDIATE;
  private volatile RuntimeException failure = new IllegalStateException("broker lost connection");
  private int positionRequests;

  FakeBrokerSession(String id, Set<String> accounts, Supplier<Instant> clock) {
    this.id = id;
    this.accounts = Set.copyOf(accounts);
    this.clock = clock;
  }

  static Position position(String account, long conId, String symbol, long quantity) {
    return new Position(
        account,
        Contract.stock(conId, symbol, "USD"),
        BigDecimal.valueOf(quantity),
        BigDecimal.TEN);
  }

  /** The broker reports a change: the book changes and listeners hear of it if it differs. */
  void report(Position position) {
    Position old;
    synchronized (this) {
      old = book.put(position.key(), position);
    }
    if (!position.equals(old)) {
      for (PositionListener listener : listeners) {
        listener.positionChanged(this, position);
      }
    }
  }

  /** A PnL update of one position, as a session delivers it (market value and PnL only). */
  static PositionPnl pnl(String account, long conId, String marketValue, Instant reportedAt) {
    BigDecimal value = new BigDecimal(marketValue);
    return new PositionPnl(
        account, conId, null, value, value.subtract(BigDecimal.valueOf(1000)), null, reportedAt);
  }

  /** The broker reports market value or PnL: every PnL listener hears of it, on this thread. */
  void reportPnl(PositionPnl pnl) {
    for (PnlListener listener : pnlListeners) {
      listener.pnlUpdated(this, pnl);
    }
  }

  int pnlListenerCount() {
    return pnlListeners.size();
  }

  /** The book changes without any callback: what a missed message looks like. */
  synchronized void changeSilently(Position position) {
    book.put(position.key(), position);
  }

  synchronized void answer(AnswerMode mode) {
    this.answerMode = mode;
  }

  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  /** Releases the held positions answers with the book as it is now. */
  void releaseHeldAnswers() {
    List<CompletableFuture<PositionSnapshot>> answers;
    synchronized (this) {
      answers = List.copyOf(heldAnswers);
      heldAnswers.clear();
    }
    answers.forEach(answer -> answer.complete(snapshot()));
  }

  synchronized int heldAnswers() {
    return heldAnswers.size();
  }

  synchronized int positionRequests() {
    return positionRequests;
  }

  int listenerCount() {
    return listeners.size();
  }

  synchronized PositionSnapshot snapshot() {
    PositionSnapshot.Collector collector = PositionSnapshot.collect(id, accounts);
    book.values().stream().filter(p -> !p.isFlat()).forEach(collector::add);
    return collector.complete(clock.get());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<String> accounts() {
    return accounts;
  }

  @Override
  public synchronized CompletionStage<PositionSnapshot> positions() {
    positionRequests++;
    return switch (answerMode) {
      case IMMEDIATE -> CompletableFuture.completedFuture(snapshot());
      case FAILING -> CompletableFuture.failedFuture(failure);
      case HELD -> {
        CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
        heldAnswers.add(answer);
        yield answer;
      }
    };
  }

  @Override
  public void addPositionListener(PositionListener listener) {
    Objects.requireNonNull(listener);
    if (!listeners.contains(listener)) {
      listeners.add(listener);
    }
  }

  @Override
  public void removePositionListener(PositionListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void addPnlListener(PnlListener listener) {
    Objects.requireNonNull(listener);
    if (!pnlListeners.contains(listener)) {
      pnlListeners.add(listener);
    }
  }

  @Override
  public void removePnlListener(PnlListener listener) {
    pnlListeners.remove(listener);
  }

  @Override
  public String toString() {
    return "FakeBrokerSession[" + id + "]";
  }
}
