package org.tradeplatform.position.sync.internal;

import java.util.Map;

/**
 * The PnL path's counters (a service of this bundle, used by {@code position:status}). Internal on
 * purpose: the released {@code PositionSyncStatus} API stays unchanged.
 */
public interface PnlWriteStatus {

  /** Counters per bound broker session that writes PnL, keyed by {@code broker.id}. */
  Map<String, PnlStatistics> pnlSessions();

  /** Counters summed over every session seen since activation. */
  PnlStatistics pnlTotal();
}
