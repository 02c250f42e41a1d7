package org.tradeplatform.position.api;

/** What started a sync. */
public enum SyncTrigger {
  /** A broker session was bound: full reconcile. */
  BIND,
  /** The periodic timer: full reconcile. */
  PERIODIC,
  /** Position changes pushed by the broker: only the changed positions are written. */
  CALLBACK,
  /** An operator or another component asked for it: full reconcile. */
  MANUAL;

  /** True for triggers that reconcile a complete snapshot rather than apply changes. */
  public boolean isFullReconcile() {
    return this != CALLBACK;
  }
}
