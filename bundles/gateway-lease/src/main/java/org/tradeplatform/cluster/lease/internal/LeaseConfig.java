package org.tradeplatform.cluster.lease.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@value GatewayLeasesComponent#PID}; its presence turns lease mode on. */
@ObjectClassDefinition(
    name = "Gateway leases",
    description =
        "One active connection per gateway among several nodes: a fenced lease in PostgreSQL.")
public @interface LeaseConfig {

  @AttributeDefinition(
      name = "Node id",
      description =
          "This node's name in the lease table and in pg_stat_activity.application_name; empty ="
              + " karaf.name@host name. Give every node its own.")
  String nodeId() default "";

  /** The filter that selects the dedicated, non-pooled DataSource of the lease sessions. */
  @AttributeDefinition(
      name = "Data source filter",
      description =
          "LDAP filter selecting a pax-jdbc DataSource WITHOUT pool (no 'pool' property): every"
              + " lease holds its own database session.")
  String dataSource_target() default GatewayLeasesComponent.DEFAULT_DATA_SOURCE_TARGET;

  @AttributeDefinition(
      name = "Idle session timeout (ms)",
      description =
          "PostgreSQL idle_session_timeout of the lease session: the server releases a silent"
              + " holder's lease this long after its last renewal.")
  long idleSessionTimeoutMillis() default 10_000;

  @AttributeDefinition(name = "Renew interval (ms)", description = "Pause between renewals.")
  long renewIntervalMillis() default 2_000;

  @AttributeDefinition(
      name = "Renew timeout (ms)",
      description =
          "Bound on one renewal's round trip; a renewal that takes longer loses the lease.")
  long renewTimeoutMillis() default 2_000;

  @AttributeDefinition(
      name = "Safety margin (ms)",
      description =
          "The holder stops this long before the server could release its lease to another node.")
  long safetyMarginMillis() default 2_000;

  @AttributeDefinition(
      name = "Retry interval (ms)",
      description = "How often a node without the lease tries to take it.")
  long retryIntervalMillis() default 1_000;
}
