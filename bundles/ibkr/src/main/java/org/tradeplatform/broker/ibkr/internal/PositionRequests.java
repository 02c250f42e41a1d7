package org.tradeplatform.broker.ibkr.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.broker.ibkr.wire.CancelPositions;
import org.tradeplatform.broker.ibkr.wire.CancelPositionsMulti;
import org.tradeplatform.broker.ibkr.wire.RequestPositions;
import org.tradeplatform.broker.ibkr.wire.RequestPositionsMulti;

/**
 * The positions requests of one connection: snapshot rounds (at most one in flight, later callers
 * join it), the per-account subscriptions of logins above {@value #PLAIN_POSITIONS_ACCOUNT_LIMIT}
 * accounts, and the request ids of the connection.
 *
 * <p>Threads: the lifecycle thread attaches and detaches a socket and starts its own rounds; a
 * {@code positions()} caller writes its own request on its own thread (so that a caller who blocks
 * on the answer inside a service bind the lifecycle thread triggered cannot wait for that thread);
 * the reader thread feeds rows and end markers. The socket's rounds and sender are published
 * together as one immutable {@link Link}.
 */
final class PositionRequests {
  private static final Logger LOG = LoggerFactory.getLogger(PositionRequests.class);

  /** Logins with more accounts than this cannot use REQ_POSITIONS (IB's documented limit). */
  static final int PLAIN_POSITIONS_ACCOUNT_LIMIT = 50;

  /** What a positions row is, seen from the requests. */
  enum RowKind {
    /** Part of the answer in flight: not a change, the answer's receiver reconciles with it. */
    ANSWER,
    /** A streamed update of a live subscription: a change if it differs from the book. */
    STREAM,
    /** A row of a cancelled subscription: ignored. */
    STRAY
  }

  /** The socket the requests currently go to. */
  private record Link(
      Optional<RequestSender> sender,
      SnapshotRounds rounds,
      Set<String> scope,
      boolean perAccount) {}

  private final ConnectionSettings settings;
  private final Clock clock;
  private final AtomicInteger nextReqId = new AtomicInteger(10_000);
  private volatile Link link = closedLink();
  private volatile Map<Integer, String> multiSubscriptions = Map.of();

  PositionRequests(ConnectionSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** A fresh request id of this connection (positions and PnL share the sequence). */
  int nextRequestId() {
    return nextReqId.incrementAndGet();
  }

  /** A socket is ready for requests; lifecycle thread. */
  void attach(RequestSender sender, Set<String> scope, int managedAccounts) {
    link =
        new Link(
            Optional.of(sender),
            new SnapshotRounds(),
            Set.copyOf(scope),
            managedAccounts > PLAIN_POSITIONS_ACCOUNT_LIMIT);
  }

  boolean perAccount() {
    return link.perAccount();
  }

  /** The socket is gone: fails every caller still waiting; lifecycle thread. */
  void detach() {
    Link gone = link;
    link = closedLink();
    multiSubscriptions = Map.of();
    for (CompletableFuture<PositionSnapshot> w : gone.rounds().abandon()) {
      w.completeExceptionally(
          new IllegalStateException(
              "IBKR "
                  + settings.brokerId()
                  + " disconnected before the positions answer was complete"));
    }
  }

  /** A {@code positions()} call: joins the round in flight or starts one; caller's thread. */
  CompletionStage<PositionSnapshot> request() {
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    Link current = link;
    try {
      start(current, Optional.of(answer), false);
    } catch (IllegalStateException closed) {
      answer.completeExceptionally(
          new IllegalStateException("IBKR " + settings.brokerId() + " connection closed", closed));
    } catch (IOException e) {
      // the socket is failing: the reader sees it too, and the round fails with the connection
      LOG.debug("IBKR {}: positions request not written: {}", settings.brokerId(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.completeExceptionally(e);
    }
    return answer;
  }

  /**
   * A round of the connection's own, with nobody waiting yet. With {@code restart} (code 1101) a
   * round in flight is replaced and its callers wait for the new one. Lifecycle thread.
   */
  void startOwnRound(boolean restart) throws IOException, InterruptedException {
    start(link, Optional.empty(), restart);
  }

  private void start(
      Link current, Optional<CompletableFuture<PositionSnapshot>> waiter, boolean restart)
      throws IOException, InterruptedException {
    RequestSender sender =
        current.sender().orElseThrow(() -> new IllegalStateException("connection closed"));
    sender.batch(
        sink -> {
          Optional<Map<Integer, String>> perAccount =
              current.perAccount()
                  ? Optional.of(newPerAccountRequests(current.scope()))
                  : Optional.empty();
          long deadline = System.nanoTime() + settings.snapshotTimeout().toNanos();
          Optional<SnapshotRound> round =
              restart
                  ? Optional.of(
                      current
                          .rounds()
                          .restart(settings.brokerId(), current.scope(), perAccount, deadline))
                  : current
                      .rounds()
                      .join(waiter, settings.brokerId(), current.scope(), perAccount, deadline);
          if (round.isPresent()) {
            writeRound(sink, current.rounds(), round.get(), restart || waiter.isPresent());
          }
        });
  }

  private Map<Integer, String> newPerAccountRequests(Set<String> accounts) {
    Map<Integer, String> requests = new LinkedHashMap<>();
    for (String account : new TreeSet<>(accounts)) {
      requests.put(nextRequestId(), account);
    }
    return requests;
  }

  /** Writes a round's requests; runs under the send lock. */
  private void writeRound(
      RequestSender.Sink sink, SnapshotRounds owner, SnapshotRound round, boolean cancelFirst)
      throws IOException, InterruptedException {
    if (!round.perAccount()) {
      if (cancelFirst) {
        sink.send(new CancelPositions());
      }
      owner.expectEnd();
      sink.send(new RequestPositions());
      return;
    }
    Map<Integer, String> previous = multiSubscriptions;
    multiSubscriptions = round.requests();
    for (Integer reqId : previous.keySet()) {
      sink.send(new CancelPositionsMulti(reqId));
    }
    for (Map.Entry<Integer, String> e : round.requests().entrySet()) {
      sink.send(new RequestPositionsMulti(e.getKey(), e.getValue(), null));
    }
  }

  // ------------------------------------------------------------------ reader thread

  /** A POSITION_DATA row. */
  RowKind row(Position row) {
    return link.rounds().row(row) ? RowKind.ANSWER : RowKind.STREAM;
  }

  /** POSITION_END: the completed answer, if this marker completes one. */
  Optional<SnapshotRounds.Completed> end() {
    return link.rounds().end(clock.instant());
  }

  /** A POSITION_MULTI row. */
  RowKind multiRow(int reqId, Position row) {
    if (link.rounds().multiRow(reqId, row)) {
      return RowKind.ANSWER;
    }
    return multiSubscriptions.containsKey(reqId) ? RowKind.STREAM : RowKind.STRAY;
  }

  /** POSITION_MULTI_END: the completed answer, if this marker completes one. */
  Optional<SnapshotRounds.Completed> multiEnd(int reqId) {
    return link.rounds().multiEnd(reqId, clock.instant());
  }

  // ------------------------------------------------------------------ lifecycle thread

  /** The gateway refused request {@code reqId}: fails the round it belongs to, if any. */
  void refused(int reqId, String why) {
    for (CompletableFuture<PositionSnapshot> w : link.rounds().refuse(reqId)) {
      w.completeExceptionally(
          new IllegalStateException(
              "IBKR " + settings.brokerId() + ": gateway refused a positions request: " + why));
    }
  }

  /** When the round in flight times out, if one is in flight. */
  OptionalLong nextDeadline() {
    return link.rounds().nextDeadline();
  }

  /** Fails the round in flight if its deadline passed; true when it did. */
  boolean expire(long nowNanos) {
    Optional<List<CompletableFuture<PositionSnapshot>>> expired = link.rounds().expire(nowNanos);
    for (CompletableFuture<PositionSnapshot> w : expired.orElse(List.of())) {
      w.completeExceptionally(
          new TimeoutException(
              "IBKR "
                  + settings.brokerId()
                  + ": positions answer not complete within "
                  + settings.snapshotTimeout().toSeconds()
                  + " s"));
    }
    return expired.isPresent();
  }

  private static Link closedLink() {
    SnapshotRounds rounds = new SnapshotRounds();
    rounds.abandon();
    return new Link(Optional.empty(), rounds, Set.of(), false);
  }
}
