package org.tradeplatform.broker.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears of market value and PnL updates. Same threading contract as {@link PositionListener}:
 * called on the session's I/O thread, must not block.
 */
@ConsumerType
@FunctionalInterface
public interface PnlListener {

  /** Market value or PnL of a position changed. */
  void pnlUpdated(BrokerSession session, PositionPnl pnl);
}
