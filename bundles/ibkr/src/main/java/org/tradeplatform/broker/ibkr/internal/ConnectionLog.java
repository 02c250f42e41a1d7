package org.tradeplatform.broker.ibkr.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;

/**
 * The log lines of one connection and their levels: one INFO per connect and per disconnect, the
 * first failure of a series at INFO and its repeats at DEBUG, a gateway error or a refused setting
 * at WARN once per kind, information codes at DEBUG, nothing per streamed message.
 *
 * <p>Lifecycle thread only.
 */
final class ConnectionLog {
  private static final Logger LOG = LoggerFactory.getLogger(IbkrConnection.class);

  private final ConnectionSettings settings;
  private final Set<String> warnedOnce = new HashSet<>();
  private String lastFailure = "";

  ConnectionLog(ConnectionSettings settings) {
    this.settings = settings;
  }

  private String id() {
    return settings.brokerId();
  }

  /** An attempt failed before the session was ready. */
  void failure(Outcome outcome) {
    String reason = outcome.describe();
    if (reason.equals(lastFailure)) {
      LOG.debug("IBKR {}: {}", id(), reason);
    } else {
      LOG.info("IBKR {}: {}", id(), reason);
    }
    lastFailure = reason;
  }

  void connected(int port, int serverVersion, Set<String> accounts, boolean perAccount) {
    lastFailure = "";
    LOG.info(
        "IBKR {} connected to {}:{} (client id {}, server version {}, accounts {}{})",
        id(),
        settings.host(),
        port,
        settings.clientId(),
        serverVersion,
        new TreeSet<>(accounts),
        perAccount ? ", per-account positions requests" : "");
  }

  void disconnected(int port, Outcome outcome) {
    LOG.info(
        "IBKR {} disconnected from {}:{}: {}", id(), settings.host(), port, outcome.describe());
  }

  void accountNotManaged(String account) {
    if (warnedOnce.add("account " + account)) {
      LOG.warn("IBKR {}: configured account {} is not managed by this login", id(), account);
    }
  }

  void clientIdInUse(int port) {
    if (warnedOnce.add("326")) {
      LOG.warn(
          "IBKR {}: client id {} is already in use at {}:{}; backing off before retrying",
          id(),
          settings.clientId(),
          settings.host(),
          port);
    }
  }

  /** A gateway error; true the first time its code is seen. */
  boolean gatewayError(ErrorMessage error, String text) {
    boolean first = warnedOnce.add("code " + error.code());
    if (first) {
      LOG.warn("IBKR {}: gateway error {} (id {}): {}", id(), error.code(), error.id(), text);
    } else {
      LOG.debug("IBKR {}: gateway error {} (id {}): {}", id(), error.code(), error.id(), text);
    }
    return first;
  }

  void information(ErrorMessage error) {
    LOG.debug("IBKR {}: information {}: {}", id(), error.code(), error.message());
  }

  /** A change of the gateway's own connectivity (codes 1100–1102). */
  void connectivity(String what) {
    LOG.info("IBKR {}: {}", id(), what);
  }
}
