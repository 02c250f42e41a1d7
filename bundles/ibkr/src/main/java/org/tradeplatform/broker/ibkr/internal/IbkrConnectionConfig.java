package org.tradeplatform.broker.ibkr.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one gateway connection (factory PID {@value IbkrConnectionComponent#PID}). */
@ObjectClassDefinition(
    name = "IBKR gateway connection",
    description =
        "One read-only connection to a TWS or IB Gateway API port. One configuration per gateway.")
public @interface IbkrConnectionConfig {

  @AttributeDefinition(
      name = "Broker id",
      description = "Identifier of this connection; published as the broker.id service property.")
  String broker_id();

  @AttributeDefinition(name = "Host", description = "Host of the TWS / IB Gateway API socket.")
  String host() default "127.0.0.1";

  @AttributeDefinition(
      name = "Port",
      description =
          "API port: 4002 IB Gateway paper, 4001 Gateway live, 7497 TWS paper, 7496 TWS live.")
  int port() default 4002;

  @AttributeDefinition(
      name = "Client id",
      description = "API client id; must not be used by another API client of the same gateway.")
  int clientId() default 1;

  @AttributeDefinition(
      name = "Accounts",
      description =
          "Optional comma-separated list of accounts to report; empty means every managed account.",
      required = false)
  String accounts() default "";

  @AttributeDefinition(
      name = "Connect timeout (s)",
      description = "Bound on TCP connect, handshake and the wait for the gateway to be ready.")
  int connectTimeoutSeconds() default 10;

  @AttributeDefinition(
      name = "Reconnect minimum (s)",
      description =
          "First delay before reconnecting; doubles per failed attempt, with jitter. The count of"
              + " failed attempts starts over only once a connection delivered a complete"
              + " snapshot.")
  int reconnectMinSeconds() default 1;

  @AttributeDefinition(
      name = "Reconnect maximum (s)",
      description =
          "Upper bound of the delay after the gateway accepted a connection that then failed"
              + " before a complete snapshot (misbehaving gateway, client id in use).")
  int reconnectMaxSeconds() default 60;

  @AttributeDefinition(
      name = "Reconnect maximum while unreachable (s)",
      description =
          "Upper bound of the delay while the gateway refuses the socket or the handshake (down or"
              + " restarting): a restarted gateway is used again within this time. Never above"
              + " the reconnect maximum.")
  int reconnectUnreachableMaxSeconds() default 5;

  @AttributeDefinition(
      name = "Snapshot timeout (s)",
      description = "How long a positions request may take before it fails.")
  int snapshotTimeoutSeconds() default 30;

  @AttributeDefinition(
      name = "PnL source",
      description =
          "pnlSingle: per-position PnL requests (Portfolio window); accountUpdates: the account"
              + " updates stream (Account window, one account per connection); none.",
      options = {
        @org.osgi.service.metatype.annotations.Option(label = "PnL single", value = "pnlSingle"),
        @org.osgi.service.metatype.annotations.Option(
            label = "Account updates",
            value = "accountUpdates"),
        @org.osgi.service.metatype.annotations.Option(label = "None", value = "none")
      })
  String pnlSource() default "pnlSingle";

  @AttributeDefinition(
      name = "PnL subscriptions",
      description = "Upper bound on concurrent per-position PnL subscriptions.")
  int pnlSubscriptionsMax() default 50;

  @AttributeDefinition(
      name = "Lease mode",
      description =
          "true: connect only while this node holds the gateway's lease (several nodes with the"
              + " same configuration; needs org.tradeplatform.cluster.lease). Read at activation.")
  boolean lease() default false;

  @AttributeDefinition(
      name = "Release lease after (s)",
      description =
          "Lease mode: give the lease up after this long without a gateway session, so another"
              + " node may try. Gateway reconnects shorter than this keep the lease.")
  int leaseReleaseAfterSeconds() default 120;
}
