package org.tradeplatform.broker.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A point-in-time view of one configured gateway connection.
 *
 * @param brokerId the configured {@code broker.id}
 * @param brokerType the kind of broker, for example {@code ibkr}
 * @param state lifecycle state
 * @param since when {@code state} was entered
 * @param lastError the last error or disconnect reason of this connection, if any
 * @param reconnects connections made after the first one since activation
 * @param serverVersion the server version negotiated by the current or last handshake, if any
 * @param accounts accounts in scope of the current or last session (may be empty)
 * @param leaseHolder in {@link ConnectionState#STANDBY}: the node that holds the lease; otherwise
 *     empty
 */
public record ConnectionStatus(
    String brokerId,
    String brokerType,
    ConnectionState state,
    Instant since,
    Optional<ConnectionError> lastError,
    long reconnects,
    OptionalInt serverVersion,
    Set<String> accounts,
    Optional<String> leaseHolder) {

  public ConnectionStatus {
    Objects.requireNonNull(brokerId, "brokerId");
    Objects.requireNonNull(brokerType, "brokerType");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(serverVersion, "serverVersion");
    accounts = Set.copyOf(Objects.requireNonNull(accounts, "accounts"));
    Objects.requireNonNull(leaseHolder, "leaseHolder");
  }
}
