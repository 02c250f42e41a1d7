package org.tradeplatform.position.sync.internal;

import org.tradeplatform.position.api.SyncReport;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * Where a session's scheduler hands what it did. Both methods are called on a sync thread, outside
 * the scheduler's lock, and must return at once.
 */
interface SyncReporter {

  /** A sync committed: post its events. */
  void committed(String brokerId, SyncTrigger trigger, SyncResult result);

  /** A sync ended (succeeded, failed or abandoned): tell the observers. */
  void finished(SyncReport report);
}
