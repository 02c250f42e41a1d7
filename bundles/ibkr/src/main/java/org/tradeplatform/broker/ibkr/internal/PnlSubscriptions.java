package org.tradeplatform.broker.ibkr.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.ibkr.wire.CancelPnlSingle;
import org.tradeplatform.broker.ibkr.wire.RequestAccountUpdates;
import org.tradeplatform.broker.ibkr.wire.RequestPnlSingle;

/**
 * The PnL subscriptions of one connection: with {@code pnlSingle} one REQ_PNL_SINGLE per open
 * position up to {@code pnlSubscriptionsMax}, following the book; with {@code accountUpdates} the
 * account-updates stream of the first account in scope.
 *
 * <p>Threads: the lifecycle thread subscribes, cancels and clears; the reader thread looks up the
 * position of a PNL_SINGLE through {@link #keyOf}, which reads one immutable map.
 */
final class PnlSubscriptions {
  private static final Logger LOG = LoggerFactory.getLogger(PnlSubscriptions.class);

  private final ConnectionSettings settings;
  private final IntSupplier requestIds;
  private volatile Map<Integer, PositionKey> subscriptions = Map.of();
  private boolean cappedLogged;
  private boolean singleAccountLogged;

  // lifecycle thread only
  private Optional<String> accountUpdatesAccount = Optional.empty();

  PnlSubscriptions(ConnectionSettings settings, IntSupplier requestIds) {
    this.settings = settings;
    this.requestIds = requestIds;
  }

  /** Subscribes the account updates stream when that is the PnL source. */
  void start(RequestSender sender, Set<String> scope) throws IOException, InterruptedException {
    accountUpdatesAccount = Optional.empty();
    if (settings.pnlSource() != PnlSource.ACCOUNT_UPDATES || scope.isEmpty()) {
      return;
    }
    String account = new TreeSet<>(scope).first();
    accountUpdatesAccount = Optional.of(account);
    if (scope.size() > 1 && !singleAccountLogged) {
      singleAccountLogged = true;
      LOG.info(
          "IBKR {}: account updates carry one account per connection; PnL for {} only",
          settings.brokerId(),
          account);
    }
    sender.send(new RequestAccountUpdates(true, account));
  }

  /** Keeps one PnL subscription per open position, up to the configured bound. */
  void reconcile(RequestSender sender, Collection<Position> open)
      throws IOException, InterruptedException {
    if (settings.pnlSource() != PnlSource.PNL_SINGLE) {
      return;
    }
    Set<PositionKey> wanted = new TreeSet<>();
    for (Position p : open) {
      wanted.add(p.key());
    }
    Map<Integer, PositionKey> current = new LinkedHashMap<>(subscriptions);
    List<Integer> cancel = new ArrayList<>();
    current.forEach(
        (reqId, key) -> {
          if (!wanted.contains(key)) {
            cancel.add(reqId);
          }
        });
    for (Integer reqId : cancel) {
      current.remove(reqId);
      subscriptions = Map.copyOf(current);
      sender.sendInBackground(new CancelPnlSingle(reqId));
    }
    Set<PositionKey> have = new HashSet<>(current.values());
    for (PositionKey key : wanted) {
      if (current.size() >= settings.pnlSubscriptionsMax()) {
        if (!cappedLogged) {
          cappedLogged = true;
          LOG.info(
              "IBKR {}: PnL subscriptions capped at {} (pnlSubscriptionsMax)",
              settings.brokerId(),
              settings.pnlSubscriptionsMax());
        }
        break;
      }
      if (!have.contains(key)) {
        int reqId = requestIds.getAsInt();
        current.put(reqId, key);
        subscriptions = Map.copyOf(current);
        sender.sendInBackground(
            new RequestPnlSingle(reqId, key.account(), null, Math.toIntExact(key.conId())));
      }
    }
  }

  /** Code 1101: every subscription is gone at the gateway; cancel and ask again. */
  void resubscribe(RequestSender sender, Collection<Position> open)
      throws IOException, InterruptedException {
    if (accountUpdatesAccount.isPresent()) {
      String account = accountUpdatesAccount.get();
      sender.send(new RequestAccountUpdates(false, account));
      sender.send(new RequestAccountUpdates(true, account));
    }
    Map<Integer, PositionKey> previous = subscriptions;
    subscriptions = Map.of();
    for (Integer reqId : previous.keySet()) {
      sender.send(new CancelPnlSingle(reqId));
    }
    reconcile(sender, open);
  }

  /** The position a PNL_SINGLE of {@code reqId} prices; reader thread. */
  Optional<PositionKey> keyOf(int reqId) {
    return Optional.ofNullable(subscriptions.get(reqId));
  }

  /** The gateway refused subscription {@code reqId}. */
  void forget(int reqId) {
    if (subscriptions.containsKey(reqId)) {
      Map<Integer, PositionKey> rest = new LinkedHashMap<>(subscriptions);
      rest.remove(reqId);
      subscriptions = Map.copyOf(rest);
    }
  }

  /** The socket is gone, and with it every subscription. */
  void clear() {
    subscriptions = Map.of();
    accountUpdatesAccount = Optional.empty();
  }

  int size() {
    return subscriptions.size();
  }
}
