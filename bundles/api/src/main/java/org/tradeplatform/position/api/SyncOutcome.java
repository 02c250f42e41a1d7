package org.tradeplatform.position.api;

/** How one sync ended. */
public enum SyncOutcome {
  /** Its transaction committed (possibly writing nothing). */
  SUCCEEDED,
  /** The broker or the database failed it; it is logged and recorded in {@code sync_runs}. */
  FAILED,
  /**
   * The broker session was withdrawn before the sync could write (for example a 1100/1101 or a
   * disconnect); nothing was written and the next session's bind reconcile takes over. Not a
   * failure.
   */
  ABANDONED
}
