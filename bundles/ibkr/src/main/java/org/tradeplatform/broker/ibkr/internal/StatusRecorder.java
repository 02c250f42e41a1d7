package org.tradeplatform.broker.ibkr.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.tradeplatform.broker.api.ConnectionError;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.ConnectionStatus;

/**
 * Records the public status of one connection — state and since when, last error, reconnects,
 * negotiated server version, accounts — and answers it as a {@link ConnectionStatus}.
 *
 * <p>Written by the connection's lifecycle thread (and by {@code close()} for the final STOPPED);
 * read from any thread. Each write replaces one immutable status under the monitor, so a reader
 * never sees a state with another state's time.
 */
final class StatusRecorder {
  static final String BROKER_TYPE = "ibkr";

  private final Clock clock;
  private ConnectionStatus status;
  private long readyConnections;
  private long attempts;

  StatusRecorder(String brokerId, Clock clock) {
    this.clock = clock;
    this.status =
        new ConnectionStatus(
            brokerId,
            BROKER_TYPE,
            ConnectionState.CONNECTING,
            clock.instant(),
            Optional.empty(),
            0,
            OptionalInt.empty(),
            Set.of(),
            Optional.empty());
  }

  synchronized ConnectionStatus status() {
    return status;
  }

  synchronized ConnectionState state() {
    return status.state();
  }

  /** Connection attempts since activation (internal detail for {@code ibkr:status}). */
  synchronized long attempts() {
    return attempts;
  }

  /** Enters {@code state}; {@code since} changes only when the state does. */
  synchronized void enter(ConnectionState state) {
    if (status.state() != state) {
      status = with(state, clock.instant(), status.lastError(), status.reconnects());
    }
  }

  synchronized void attempt() {
    attempts++;
  }

  /** A session became ready on a socket that negotiated {@code serverVersion}. */
  synchronized void ready(int serverVersion, Set<String> accounts) {
    readyConnections++;
    status =
        new ConnectionStatus(
            status.brokerId(),
            BROKER_TYPE,
            ConnectionState.READY,
            status.state() == ConnectionState.READY ? status.since() : clock.instant(),
            status.lastError(),
            Math.max(0, readyConnections - 1),
            OptionalInt.of(serverVersion),
            accounts,
            Optional.empty());
  }

  /** A socket negotiated {@code serverVersion} (before it is ready). */
  synchronized void negotiated(int serverVersion) {
    status =
        new ConnectionStatus(
            status.brokerId(),
            BROKER_TYPE,
            status.state(),
            status.since(),
            status.lastError(),
            status.reconnects(),
            OptionalInt.of(serverVersion),
            status.accounts(),
            Optional.empty());
  }

  /** Records an error; {@code code} is IB's, or {@link ConnectionError#NO_CODE}. */
  synchronized void error(int code, String message) {
    status =
        with(
            status.state(),
            status.since(),
            Optional.of(new ConnectionError(code, message, clock.instant())),
            status.reconnects());
  }

  private ConnectionStatus with(
      ConnectionState state, Instant since, Optional<ConnectionError> error, long reconnects) {
    return new ConnectionStatus(
        status.brokerId(),
        BROKER_TYPE,
        state,
        since,
        error,
        reconnects,
        status.serverVersion(),
        status.accounts(),
        Optional.empty());
  }
}
