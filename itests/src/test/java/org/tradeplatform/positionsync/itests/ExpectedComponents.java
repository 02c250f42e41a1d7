package org.tradeplatform.positionsync.itests;

import java.util.Map;

/**
 * The DS components of the {@code position-sync} feature and the state each reaches in a container
 * with the datasource configured but no gateway connection (SmokeIT).
 */
final class ExpectedComponents {
  private ExpectedComponents() {}

  static final Map<String, String> STATES =
      Map.of(
          // runs the Flyway migrations, then announces the schema
          "org.tradeplatform.position.repository.migration", "ACTIVE",
          "org.tradeplatform.position.repository", "ACTIVE",
          // runs without a .cfg (ConfigurationPolicy.OPTIONAL) and without any broker session
          "org.tradeplatform.position.sync", "ACTIVE",
          // one instance per factory configuration of org.tradeplatform.broker.ibkr: none here
          "org.tradeplatform.broker.ibkr.internal.IbkrConnectionComponent", "NO_CONFIGURATION",
          // the one ConnectionStatusService of the ibkr bundle, present with no connection
          "org.tradeplatform.broker.ibkr.internal.IbkrConnectionStatusService", "ACTIVE",
          // lease mode is off: no etc/org.tradeplatform.cluster.lease.cfg
          "org.tradeplatform.cluster.lease", "NO_CONFIGURATION");
}
