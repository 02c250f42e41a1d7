package org.tradeplatform.broker.ibkr.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;
import org.tradeplatform.broker.ibkr.wire.ManagedAccounts;
import org.tradeplatform.broker.ibkr.wire.NextValidId;
import org.tradeplatform.broker.ibkr.wire.PnlSingle;
import org.tradeplatform.broker.ibkr.wire.PortfolioValue;
import org.tradeplatform.broker.ibkr.wire.PositionData;
import org.tradeplatform.broker.ibkr.wire.PositionEnd;
import org.tradeplatform.broker.ibkr.wire.PositionMulti;
import org.tradeplatform.broker.ibkr.wire.PositionMultiEnd;
import org.tradeplatform.broker.ibkr.wire.ProtocolException;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;

/**
 * The inbound side of one socket: reads its messages, dispatches them in one place, keeps the
 * position book, fans changes and PnL out to the session's listeners, and hands everything that
 * needs a request or a registration to the lifecycle thread as a {@link LifecycleEvent}.
 *
 * <p>Rows of a positions answer are not changes: they complete the answer, and the book takes the
 * complete answer as a whole; listeners hear only streamed updates (see the bundle README).
 *
 * <p>Threads: {@link #drain} runs on the socket's one reader thread. The lifecycle thread sets the
 * scope once the accounts are known and reads {@link #lastInboundNanos}.
 */
final class InboundFeed {
  private static final Logger LOG = LoggerFactory.getLogger(InboundFeed.class);

  private final int generation;
  private final ConnectionSettings settings;
  private final BrokerSession session;
  private final PositionBook book;
  private final SessionListeners listeners;
  private final PositionRequests requests;
  private final PnlSubscriptions pnl;
  private final Consumer<LifecycleEvent> lifecycle;
  private final Clock clock;
  private final AtomicBoolean pnlReconcilePending = new AtomicBoolean();
  private volatile Set<String> scope = Set.of();
  private volatile long lastInboundNanos = System.nanoTime();
  private volatile Optional<Outcome> ended = Optional.empty();

  InboundFeed(
      int generation,
      ConnectionSettings settings,
      BrokerSession session,
      PositionBook book,
      SessionListeners listeners,
      PositionRequests requests,
      PnlSubscriptions pnl,
      Consumer<LifecycleEvent> lifecycle,
      Clock clock) {
    this.generation = generation;
    this.settings = settings;
    this.session = session;
    this.book = book;
    this.listeners = listeners;
    this.requests = requests;
    this.pnl = pnl;
    this.lifecycle = lifecycle;
    this.clock = clock;
  }

  /** The accounts whose rows count; rows of other accounts are dropped. */
  void scope(Set<String> accounts) {
    scope = Set.copyOf(accounts);
  }

  /** When the last frame arrived ({@link System#nanoTime()}). */
  long lastInboundNanos() {
    return lastInboundNanos;
  }

  /** Why {@link #drain} ended, once it has. */
  Optional<Outcome> ended() {
    return ended;
  }

  /** The lifecycle thread took the pending PnL reconcile. */
  void pnlReconcileTaken() {
    pnlReconcilePending.set(false);
  }

  /**
   * Reads until the socket ends or fails, then reports {@link LifecycleEvent.Lost}. A protocol
   * error (a malformed frame, a row we cannot represent) ends it like a socket failure: the
   * connection is dropped and made again, never a snapshot silently missing a row.
   */
  void drain(GatewaySocket socket, BooleanSupplier stopping) {
    Outcome outcome;
    try {
      for (Optional<ServerMessage> m; (m = socket.read()).isPresent(); ) {
        lastInboundNanos = System.nanoTime();
        accept(m.get());
      }
      outcome = Outcome.lost("gateway closed the connection");
    } catch (IOException e) {
      outcome = Outcome.lost(stopping.getAsBoolean() ? "deactivated" : e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("IBKR {}: reader failed", settings.brokerId(), e);
      outcome = Outcome.lost("reader failed: " + e);
    }
    ended = Optional.of(outcome);
    lifecycle.accept(new LifecycleEvent.Lost(generation, outcome));
  }

  /** The one dispatch on the sealed message type. */
  void accept(ServerMessage message) throws ProtocolException {
    try {
      if (message instanceof PositionData p) {
        position(p.toPosition());
      } else if (message instanceof PositionEnd) {
        requests.end().ifPresent(this::answerComplete);
      } else if (message instanceof PositionMulti p) {
        positionMulti(p.reqId(), p.toPosition());
      } else if (message instanceof PositionMultiEnd e) {
        requests.multiEnd(e.reqId()).ifPresent(this::answerComplete);
      } else if (message instanceof PnlSingle p) {
        pnlSingle(p);
      } else if (message instanceof PortfolioValue v) {
        portfolioValue(v);
      } else if (message instanceof ErrorMessage e) {
        lifecycle.accept(new LifecycleEvent.Code(generation, e));
      } else if (message instanceof NextValidId) {
        lifecycle.accept(new LifecycleEvent.NextValidId(generation));
      } else if (message instanceof ManagedAccounts a) {
        lifecycle.accept(new LifecycleEvent.ManagedAccounts(generation, List.copyOf(a.accounts())));
      }
      // everything else (account values, current time, skipped ids) only proves the socket lives
    } catch (IllegalArgumentException e) {
      // A row we cannot represent would make a snapshot silently partial: refuse the stream.
      throw new ProtocolException(
          "unusable message " + message.messageId() + ": " + e.getMessage(), e);
    }
  }

  private void position(Position row) {
    if (scope.contains(row.account()) && requests.row(row) == PositionRequests.RowKind.STREAM) {
      streamed(row);
    }
  }

  private void positionMulti(int reqId, Position row) {
    if (scope.contains(row.account())
        && requests.multiRow(reqId, row) == PositionRequests.RowKind.STREAM) {
      streamed(row);
    }
  }

  /** A streamed update: a change when it differs from the book. */
  private void streamed(Position row) {
    boolean wasOpen = book.get(row.key()).isPresent();
    book.apply(row).ifPresent(change -> listeners.positionChanged(session, change));
    if (wasOpen == row.isFlat()) {
      requestPnlReconcile();
    }
  }

  private void answerComplete(SnapshotRounds.Completed completed) {
    book.replace(completed.snapshot());
    completed.deliver();
    lifecycle.accept(new LifecycleEvent.SnapshotComplete(generation));
    requestPnlReconcile();
  }

  private void requestPnlReconcile() {
    if (settings.pnlSource() == PnlSource.PNL_SINGLE
        && pnlReconcilePending.compareAndSet(false, true)) {
      lifecycle.accept(new LifecycleEvent.ReconcilePnl(generation));
    }
  }

  private void pnlSingle(PnlSingle p) {
    pnl.keyOf(p.reqId())
        .ifPresent(
            key ->
                listeners.pnlUpdated(
                    session,
                    new PositionPnl(
                        key.account(),
                        key.conId(),
                        null,
                        p.valueDecimal(),
                        p.unrealizedPnlDecimal(),
                        p.realizedPnlDecimal(),
                        clock.instant())));
  }

  private void portfolioValue(PortfolioValue v) {
    if (settings.pnlSource() == PnlSource.ACCOUNT_UPDATES
        && v.accountName() != null
        && v.contract() != null
        && v.contract().conId() > 0
        && scope.contains(v.accountName())) {
      listeners.pnlUpdated(session, v.toPositionPnl(clock.instant()));
    }
  }
}
