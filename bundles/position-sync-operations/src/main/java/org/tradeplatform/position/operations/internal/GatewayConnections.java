package org.tradeplatform.position.operations.internal;

import static org.tradeplatform.position.operations.internal.SyncFreshness.at;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.ResultLog;
import org.tradeplatform.broker.api.ConnectionStatus;

/**
 * The gateway-connection rules, one line per configured connection (the README's state table):
 * READY and STANDBY are OK; CONNECTING, RECONNECTING, STALE and STOPPED are WARN until the
 * connection has had no session for longer than the configured time, then CRITICAL — so a nightly
 * gateway restart warns but does not page. Stateless.
 */
final class GatewayConnections {
  private GatewayConnections() {}

  /**
   * @param services how many connection status services are registered
   * @param connections every configured connection of those services
   * @param noSessionSince since when a connection without a session has had none
   * @param criticalAfter how long without a session is CRITICAL
   */
  static ResultLog evaluate(
      int services,
      List<ConnectionStatus> connections,
      Function<ConnectionStatus, Instant> noSessionSince,
      Duration criticalAfter,
      Instant now) {
    ResultLog log = new ResultLog();
    if (services == 0) {
      log.add(
          new ResultLog.Entry(
              Status.CRITICAL,
              "no gateway connection status service is registered, so no connection can be"
                  + " judged: start the ibkr bundle (feature:install position-sync)"));
      return log;
    }
    if (connections.isEmpty()) {
      log.add(
          new ResultLog.Entry(
              Status.WARN,
              "no gateway connection is configured: create etc/org.tradeplatform.broker.ibkr-<name>.cfg"
                  + " (see the README)"));
    }
    for (ConnectionStatus c : connections) {
      log.add(connection(c, noSessionSince, criticalAfter, now));
    }
    return log;
  }

  private static ResultLog.Entry connection(
      ConnectionStatus c,
      Function<ConnectionStatus, Instant> noSessionSinceOf,
      Duration criticalAfter,
      Instant now) {
    String name = "gateway " + c.brokerId() + " (" + c.brokerType() + ")";
    switch (c.state()) {
      case READY:
        return new ResultLog.Entry(
            Status.OK,
            name + ": ready since " + at(c.since()) + ", " + c.reconnects() + " reconnects");
      case STANDBY:
        return new ResultLog.Entry(
            Status.OK,
            name
                + ": standby since "
                + at(c.since())
                + ", the lease is held by "
                + c.leaseHolder().orElse("another node"));
      default:
        Instant noSessionSince = noSessionSinceOf.apply(c);
        Duration without = Duration.between(noSessionSince, now);
        boolean critical = without.compareTo(criticalAfter) > 0;
        String error =
            c.lastError()
                .map(
                    e ->
                        "; last error "
                            + (e.hasBrokerCode() ? e.code() + " " : "")
                            + e.message()
                            + " at "
                            + at(e.at()))
                .orElse("");
        return new ResultLog.Entry(
            critical ? Status.CRITICAL : Status.WARN,
            name
                + ": "
                + c.state().name().toLowerCase()
                + " since "
                + at(c.since())
                + ", no session since "
                + at(noSessionSince)
                + " ("
                + without.toSeconds()
                + " s, CRITICAL after "
                + criticalAfter.toSeconds()
                + " s)"
                + error
                + " — "
                + advice(c));
    }
  }

  private static String advice(ConnectionStatus c) {
    switch (c.state()) {
      case STALE:
        return "the gateway lost its own connection to IB; it usually returns by itself, else"
            + " restart the gateway";
      case STOPPED:
        return "the connection is stopped or its configuration was refused: see ibkr:status and"
            + " the log";
      default:
        return "check that IB Gateway/TWS runs and accepts API clients on the configured"
            + " host and port (ibkr:status)";
    }
  }
}
