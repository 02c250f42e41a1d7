package org.tradeplatform.position.api;

/**
 * A snapshot was captured before the last snapshot already applied to one of its accounts (for
 * example by a slower node); applying it would roll the table back, so nothing was written.
 */
public class StaleSnapshotException extends PositionStoreException {
  private static final long serialVersionUID = 1L;

  public StaleSnapshotException(String message) {
    super(message, null);
  }
}
