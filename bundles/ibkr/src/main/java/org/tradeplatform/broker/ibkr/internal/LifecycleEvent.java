package org.tradeplatform.broker.ibkr.internal;

import java.util.List;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;

/**
 * What the reader thread (and {@code close()}) hand to the lifecycle thread. Every event of a
 * socket carries the generation of that socket, so a late event of an old socket is recognised and
 * dropped.
 */
sealed interface LifecycleEvent {

  /** Events of one socket. */
  sealed interface OfSocket extends LifecycleEvent
      permits NextValidId, ManagedAccounts, Code, SnapshotComplete, ReconcilePnl, Lost {
    int generation();
  }

  /** The connection is being closed. */
  record Stop() implements LifecycleEvent {}

  record NextValidId(int generation) implements OfSocket {}

  record ManagedAccounts(int generation, List<String> accounts) implements OfSocket {}

  /** An ERR_MSG: an IB code. */
  record Code(int generation, ErrorMessage error) implements OfSocket {}

  /** A positions answer completed on this socket. */
  record SnapshotComplete(int generation) implements OfSocket {}

  /** The set of open positions changed: PnL subscriptions should follow. */
  record ReconcilePnl(int generation) implements OfSocket {}

  /** The reader ended. */
  record Lost(int generation, Outcome outcome) implements OfSocket {}
}
