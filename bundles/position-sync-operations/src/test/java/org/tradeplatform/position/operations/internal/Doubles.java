package org.tradeplatform.position.operations.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.tradeplatform.broker.api.ConnectionError;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;

/** Test doubles of the status APIs. */
final class Doubles {
  private Doubles() {}

  static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  record SyncStatus(Map<String, SyncStatistics> sessions, Optional<String> rejectedConfiguration)
      implements PositionSyncStatus {
    SyncStatus(Map<String, SyncStatistics> sessions) {
      this(sessions, Optional.empty());
    }

    @Override
    public SyncStatistics total() {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<SyncResult> syncNow(String brokerId) {
      throw new UnsupportedOperationException();
    }
  }

  static SyncStatistics statistics(Instant lastSuccessAt, Instant lastSyncAt, String lastError) {
    return new SyncStatistics(
        1,
        10,
        8,
        2,
        40,
        30,
        3,
        12,
        lastSyncAt,
        lastSuccessAt,
        lastSyncAt == null ? null : Duration.ofMillis(250),
        lastSyncAt == null ? null : SyncTrigger.PERIODIC,
        lastError,
        4,
        1);
  }

  static ConnectionStatus connection(String brokerId, ConnectionState state, Instant since) {
    return new ConnectionStatus(
        brokerId,
        "ibkr",
        state,
        since,
        state == ConnectionState.READY
            ? Optional.empty()
            : Optional.of(
                new ConnectionError(ConnectionError.NO_CODE, "connection refused", since)),
        2,
        OptionalInt.of(187),
        Set.of("DU1234567"),
        state == ConnectionState.STANDBY ? Optional.of("node-b") : Optional.empty());
  }
}
