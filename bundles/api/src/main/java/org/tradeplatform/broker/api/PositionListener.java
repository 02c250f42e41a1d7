package org.tradeplatform.broker.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears of every position change a {@link BrokerSession} receives: a row that differs from the
 * session's live position book in quantity, average cost or contract fields.
 *
 * <p>Threading: called on the session's I/O (socket reader) thread, one call at a time, in the
 * order the broker sent the changes. An implementation must not block: record the change and hand
 * the work to an executor of its own. An exception thrown here is logged by the session and does
 * not stop delivery to other listeners.
 */
@ConsumerType
@FunctionalInterface
public interface PositionListener {

  /**
   * A position changed at the broker.
   *
   * @param session the session that received the change
   * @param position the new state of the position; quantity zero means closed
   */
  void positionChanged(BrokerSession session, Position position);
}
