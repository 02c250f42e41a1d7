package org.tradeplatform.position.api;

/**
 * A write carried the epoch of a gateway lease that another node has taken since: the writer lost
 * the lease (a paused or partitioned old holder), so nothing was written.
 */
public class StaleLeaseException extends PositionStoreException {
  private static final long serialVersionUID = 1L;

  public StaleLeaseException(String message) {
    super(message, null);
  }
}
