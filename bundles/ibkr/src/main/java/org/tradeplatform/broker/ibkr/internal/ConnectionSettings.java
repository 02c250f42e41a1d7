package org.tradeplatform.broker.ibkr.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Validated settings of one gateway connection.
 *
 * @param brokerId the configured {@code broker.id}
 * @param host gateway host
 * @param port gateway API port
 * @param clientId API client id
 * @param accountFilter accounts to report; empty means every managed account
 * @param connectTimeout bound on connect, handshake and readiness
 * @param reconnectMin first reconnect delay
 * @param reconnectMax largest reconnect delay after a connection the gateway accepted failed before
 *     delivering a complete snapshot (a misbehaving gateway, client id in use)
 * @param reconnectUnreachableMax largest reconnect delay while the gateway cannot be reached (the
 *     socket is refused or the handshake fails: it is down or restarting), so that it is back
 *     within this bound once it listens again
 * @param snapshotTimeout bound on one positions request
 * @param pnlSource where PnL comes from
 * @param pnlSubscriptionsMax bound on per-position PnL subscriptions
 */
public record ConnectionSettings(
    String brokerId,
    String host,
    int port,
    int clientId,
    Set<String> accountFilter,
    Duration connectTimeout,
    Duration reconnectMin,
    Duration reconnectMax,
    Duration reconnectUnreachableMax,
    Duration snapshotTimeout,
    PnlSource pnlSource,
    int pnlSubscriptionsMax) {

  public ConnectionSettings {
    require(brokerId != null && !brokerId.isBlank(), "broker.id", "must not be blank");
    require(host != null && !host.isBlank(), "host", "must not be blank");
    require(port > 0 && port <= 65535, "port", "must be 1..65535, was " + port);
    require(clientId >= 0, "clientId", "must not be negative, was " + clientId);
    accountFilter =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(accountFilter == null ? Set.of() : accountFilter));
    require(positive(connectTimeout), "connectTimeoutSeconds", "must be positive");
    require(positive(reconnectMin), "reconnectMinSeconds", "must be positive");
    require(
        reconnectMax != null && reconnectMax.compareTo(reconnectMin) >= 0,
        "reconnectMaxSeconds",
        "must not be below reconnectMinSeconds");
    require(
        reconnectUnreachableMax != null && reconnectUnreachableMax.compareTo(reconnectMin) >= 0,
        "reconnectUnreachableMaxSeconds",
        "must not be below reconnectMinSeconds");
    require(positive(snapshotTimeout), "snapshotTimeoutSeconds", "must be positive");
    require(pnlSource != null, "pnlSource", "must be set");
    require(pnlSubscriptionsMax >= 0, "pnlSubscriptionsMax", "must not be negative");
  }

  /** Reads and validates a DS configuration; the message of a failure names the property. */
  public static ConnectionSettings from(IbkrConnectionConfig config) {
    PnlSource source;
    try {
      source = PnlSource.parse(config.pnlSource());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("pnlSource", e.getMessage());
    }
    return new ConnectionSettings(
        config.broker_id(),
        config.host(),
        config.port(),
        config.clientId(),
        parseAccounts(config.accounts()),
        seconds(config.connectTimeoutSeconds(), "connectTimeoutSeconds"),
        seconds(config.reconnectMinSeconds(), "reconnectMinSeconds"),
        seconds(config.reconnectMaxSeconds(), "reconnectMaxSeconds"),
        seconds(config.reconnectUnreachableMaxSeconds(), "reconnectUnreachableMaxSeconds"),
        seconds(config.snapshotTimeoutSeconds(), "snapshotTimeoutSeconds"),
        source,
        config.pnlSubscriptionsMax());
  }

  /** Splits a comma-separated account list; blanks are dropped. */
  static Set<String> parseAccounts(String accounts) {
    if (accounts == null || accounts.isBlank()) {
      return Set.of();
    }
    Set<String> result = new LinkedHashSet<>();
    Arrays.stream(accounts.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(result::add);
    return result;
  }

  /** The accounts in scope of a login that manages {@code managed}: narrowed by the filter. */
  Set<String> scopeOf(java.util.List<String> managed) {
    Set<String> scope = new java.util.TreeSet<>(managed);
    if (!accountFilter.isEmpty()) {
      scope.retainAll(accountFilter);
    }
    return Set.copyOf(scope);
  }

  private static Duration seconds(int value, String property) {
    require(value > 0, property, "must be positive, was " + value);
    return Duration.ofSeconds(value);
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean condition, String property, String message) {
    if (!condition) {
      throw new InvalidConfigurationException(property, message);
    }
  }

  /** A configuration value was refused; {@link #property()} names it. */
  public static final class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String property;

    public InvalidConfigurationException(String property, String message) {
      super("invalid configuration property '" + property + "': " + message);
      this.property = property;
    }

    public String property() {
      return property;
    }
  }
}
