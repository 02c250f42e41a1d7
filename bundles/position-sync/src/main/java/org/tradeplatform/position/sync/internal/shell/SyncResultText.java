package org.tradeplatform.position.sync.internal.shell;

import org.tradeplatform.position.api.SyncResult;

/** One line per sync run by {@code position:sync}. */
final class SyncResultText {
  private SyncResultText() {}

  static String succeeded(String brokerId, SyncResult result) {
    return "Synced "
        + brokerId
        + ": inserted "
        + result.inserted()
        + ", updated "
        + result.updated()
        + ", closed "
        + result.closed()
        + ", unchanged "
        + result.unchanged()
        + " (sync run "
        + result.syncRunId()
        + ", "
        + result.duration().toMillis()
        + " ms in the store)";
  }

  static String failed(String brokerId, Throwable error) {
    return "Sync of " + brokerId + " failed: " + error.getMessage();
  }
}
