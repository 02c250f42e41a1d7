package org.tradeplatform.broker.ibkr.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionSnapshot;

/**
 * At most one positions request in flight per connection. A caller who asks while one is in flight
 * joins it: rows stream into the request until its end marker, so its answer is the broker's state
 * at the end marker, which is as fresh as a new request would be. Futures are completed outside the
 * lock.
 *
 * <p>Thread-safe (one monitor): the reader thread feeds rows and end markers, the lifecycle thread
 * and {@code positions()} callers join and start rounds.
 */
final class SnapshotRounds {

  /** A finished round: its snapshot and who waited for it. */
  record Completed(PositionSnapshot snapshot, List<CompletableFuture<PositionSnapshot>> waiters) {
    void deliver() {
      for (CompletableFuture<PositionSnapshot> w : waiters) {
        w.complete(snapshot);
      }
    }
  }

  private SnapshotRound current;
  private boolean closed;
  private int outstandingEnds; // REQ_POSITIONS sent whose POSITION_END has not arrived

  /**
   * Joins the round in flight or starts one. Returns the new round when one was started (its
   * requests must then be sent), empty when the caller joined.
   *
   * @param waiter the caller's answer; empty for a round the connection starts for itself
   * @param perAccountRequests reqId → account for per-account mode; empty for plain mode
   */
  synchronized Optional<SnapshotRound> join(
      Optional<CompletableFuture<PositionSnapshot>> waiter,
      String brokerId,
      Set<String> scope,
      Optional<Map<Integer, String>> perAccountRequests,
      long deadlineNanos) {
    if (closed) {
      throw new IllegalStateException("connection closed");
    }
    if (current != null) {
      waiter.ifPresent(current::addWaiter);
      return Optional.empty();
    }
    current = new SnapshotRound(brokerId, scope, perAccountRequests, deadlineNanos);
    waiter.ifPresent(current::addWaiter);
    return Optional.of(current);
  }

  /**
   * Replaces the round in flight with a new one that keeps its waiters (the gateway lost its data,
   * so rows received so far are not trusted). Returns the new round, whose requests must be sent.
   */
  synchronized SnapshotRound restart(
      String brokerId,
      Set<String> scope,
      Optional<Map<Integer, String>> perAccountRequests,
      long deadlineNanos) {
    if (closed) {
      throw new IllegalStateException("connection closed");
    }
    SnapshotRound fresh = new SnapshotRound(brokerId, scope, perAccountRequests, deadlineNanos);
    if (current != null) {
      current.waiters().forEach(fresh::addWaiter);
    }
    current = fresh;
    return fresh;
  }

  synchronized boolean inFlight() {
    return current != null;
  }

  /** A POSITION_DATA row; true when it belongs to the plain round in flight. */
  synchronized boolean row(Position row) {
    if (current != null && !current.perAccount()) {
      current.add(row);
      return true;
    }
    return false;
  }

  /**
   * A REQ_POSITIONS is about to be written. Counted before the write, so that its end marker can
   * never be taken for an older request's.
   */
  synchronized void expectEnd() {
    outstandingEnds++;
  }

  /**
   * POSITION_END: completes a plain round, but only on the end marker of the last request sent (the
   * gateway answers in order; an earlier marker belongs to a request the round replaced).
   */
  synchronized Optional<Completed> end(Instant at) {
    if (outstandingEnds > 0) {
      outstandingEnds--;
    }
    if (current == null || current.perAccount() || outstandingEnds > 0) {
      return Optional.empty();
    }
    return Optional.of(finish(at));
  }

  /** A POSITION_MULTI row; true when it belongs to the round in flight. */
  synchronized boolean multiRow(int reqId, Position row) {
    if (current != null && current.perAccount() && current.isRequest(reqId)) {
      current.add(row);
      return true;
    }
    return false;
  }

  /** POSITION_MULTI_END: completes a per-account round once every account ended. */
  synchronized Optional<Completed> multiEnd(int reqId, Instant at) {
    if (current == null || !current.perAccount() || !current.isRequest(reqId)) {
      return Optional.empty();
    }
    return current.requestEnded(reqId) ? Optional.of(finish(at)) : Optional.empty();
  }

  /**
   * Removes the round in flight if its deadline passed and returns its waiters to fail (possibly
   * none); empty when no round expired.
   */
  synchronized Optional<List<CompletableFuture<PositionSnapshot>>> expire(long nowNanos) {
    if (current != null && nowNanos - current.deadlineNanos() >= 0) {
      List<CompletableFuture<PositionSnapshot>> waiters = current.waiters();
      current = null;
      return Optional.of(waiters);
    }
    return Optional.empty();
  }

  /**
   * The gateway refused one of the round's per-account requests: the round cannot complete. Drops
   * it and returns its waiters to fail; empty when {@code reqId} is not part of the round.
   */
  synchronized List<CompletableFuture<PositionSnapshot>> refuse(int reqId) {
    if (current == null || !current.perAccount() || !current.isRequest(reqId)) {
      return List.of();
    }
    List<CompletableFuture<PositionSnapshot>> waiters = current.waiters();
    current = null;
    return waiters;
  }

  synchronized OptionalLong nextDeadline() {
    return current == null ? OptionalLong.empty() : OptionalLong.of(current.deadlineNanos());
  }

  /**
   * Drops the round in flight and refuses new ones (connection lost); returns the waiters to fail.
   */
  synchronized List<CompletableFuture<PositionSnapshot>> abandon() {
    closed = true;
    if (current == null) {
      return List.of();
    }
    List<CompletableFuture<PositionSnapshot>> waiters = current.waiters();
    current = null;
    return waiters;
  }

  private Completed finish(Instant at) {
    SnapshotRound round = current;
    current = null;
    return new Completed(round.complete(at), List.copyOf(round.waiters()));
  }
}
