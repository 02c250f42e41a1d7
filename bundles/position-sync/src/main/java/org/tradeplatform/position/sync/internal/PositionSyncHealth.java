package org.tradeplatform.position.sync.internal;

/**
 * Health of the sync component (a service of this bundle, used by {@code position:status}). A Felix
 * Health Check adapter can wrap it where the Felix HC API is installed.
 */
public interface PositionSyncHealth {

  HealthReport health();
}
