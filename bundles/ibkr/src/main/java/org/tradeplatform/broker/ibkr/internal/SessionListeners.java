package org.tradeplatform.broker.ibkr.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.PnlListener;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionListener;
import org.tradeplatform.broker.api.PositionPnl;

/**
 * The listeners of one session and the fan-out to them: each is called in turn, in wire order, and
 * an exception in one is logged and does not reach the others. Listeners stay across reconnects.
 *
 * <p>Thread-safe: consumers add and remove on their threads, the reader thread notifies.
 */
final class SessionListeners {
  private static final Logger LOG = LoggerFactory.getLogger(SessionListeners.class);

  private final String brokerId;
  private final CopyOnWriteArrayList<PositionListener> positionListeners =
      new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<PnlListener> pnlListeners = new CopyOnWriteArrayList<>();

  SessionListeners(String brokerId) {
    this.brokerId = brokerId;
  }

  void add(PositionListener listener) {
    positionListeners.addIfAbsent(listener);
  }

  void remove(PositionListener listener) {
    positionListeners.remove(listener);
  }

  void add(PnlListener listener) {
    pnlListeners.addIfAbsent(listener);
  }

  void remove(PnlListener listener) {
    pnlListeners.remove(listener);
  }

  int positionListenerCount() {
    return positionListeners.size();
  }

  void positionChanged(BrokerSession session, Position change) {
    for (PositionListener l : positionListeners) {
      try {
        l.positionChanged(session, change);
      } catch (RuntimeException e) {
        LOG.warn("IBKR {}: position listener {} failed on {}", brokerId, l, change.key(), e);
      }
    }
  }

  void pnlUpdated(BrokerSession session, PositionPnl pnl) {
    for (PnlListener l : pnlListeners) {
      try {
        l.pnlUpdated(session, pnl);
      } catch (RuntimeException e) {
        LOG.warn("IBKR {}: PnL listener {} failed on {}", brokerId, l, pnl.key(), e);
      }
    }
  }
}
