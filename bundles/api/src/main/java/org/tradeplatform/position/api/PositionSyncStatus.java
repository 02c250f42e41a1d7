package org.tradeplatform.position.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The sync component's statistics and manual trigger (OSGi service). Implemented by the sync
 * component only ({@code @ProviderType}).
 */
@ProviderType
public interface PositionSyncStatus {

  /** Statistics per bound broker session, keyed by {@code broker.id}. */
  Map<String, SyncStatistics> sessions();

  /** Statistics summed over every session seen since activation. */
  SyncStatistics total();

  /** The last configuration refused, naming the property and why, if any is pending. */
  Optional<String> rejectedConfiguration();

  /**
   * PnL write counters per bound broker session that writes PnL, keyed by {@code broker.id} (since
   * 1.4).
   */
  Map<String, PnlStatistics> pnlSessions();

  /** PnL write counters summed over every session seen since activation (since 2.0). */
  PnlStatistics pnlTotal();

  /**
   * The sync component's health, evaluated now: the one evaluation every surface shows (since 2.0).
   */
  SyncHealth health();

  /**
   * Runs a full reconcile of one bound session now (respecting single flight) and completes with
   * its result; fails if no such session is bound or the sync fails.
   */
  CompletionStage<SyncResult> syncNow(String brokerId);
}
