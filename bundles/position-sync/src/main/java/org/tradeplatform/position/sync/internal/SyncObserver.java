package org.tradeplatform.position.sync.internal;

import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;

/** Hears of every committed sync, after the repository's transaction, on the executor's thread. */
@FunctionalInterface
interface SyncObserver {

  void committed(String brokerId, SyncTrigger trigger, SyncResult result);
}
