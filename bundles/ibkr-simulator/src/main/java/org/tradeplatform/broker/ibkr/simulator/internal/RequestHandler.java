package org.tradeplatform.broker.ibkr.simulator.internal;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.tradeplatform.broker.ibkr.wire.AccountDownloadEnd;
import org.tradeplatform.broker.ibkr.wire.AccountUpdateTime;
import org.tradeplatform.broker.ibkr.wire.AccountValue;
import org.tradeplatform.broker.ibkr.wire.CancelPnlSingle;
import org.tradeplatform.broker.ibkr.wire.CancelPositions;
import org.tradeplatform.broker.ibkr.wire.CancelPositionsMulti;
import org.tradeplatform.broker.ibkr.wire.ClientRequest;
import org.tradeplatform.broker.ibkr.wire.CurrentTime;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;
import org.tradeplatform.broker.ibkr.wire.ManagedAccounts;
import org.tradeplatform.broker.ibkr.wire.NextValidId;
import org.tradeplatform.broker.ibkr.wire.PositionEnd;
import org.tradeplatform.broker.ibkr.wire.PositionMultiEnd;
import org.tradeplatform.broker.ibkr.wire.RequestAccountUpdates;
import org.tradeplatform.broker.ibkr.wire.RequestCurrentTime;
import org.tradeplatform.broker.ibkr.wire.RequestIds;
import org.tradeplatform.broker.ibkr.wire.RequestPnlSingle;
import org.tradeplatform.broker.ibkr.wire.RequestPositions;
import org.tradeplatform.broker.ibkr.wire.RequestPositionsMulti;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;
import org.tradeplatform.broker.ibkr.wire.StartApi;

/**
 * Answers the requests of clients as a gateway does: the one dispatch on the wire library's sealed
 * {@link ClientRequest}, each answer built from the {@link SimulatedMarket}, cut where {@link
 * Faults} says so.
 *
 * <p>Every request is handled under the simulator's lock, so an answer and the changes streamed
 * after it reach a client in that order.
 */
final class RequestHandler {
  private final Object lock;
  private final SimulatedMarket market;
  private final Faults faults;
  private final Supplier<List<ClientSession>> clients;
  private final AtomicLong nextOrderId = new AtomicLong(1);
  private final AtomicLong clientIdRejections = new AtomicLong();

  RequestHandler(
      Object lock, SimulatedMarket market, Faults faults, Supplier<List<ClientSession>> clients) {
    this.lock = lock;
    this.market = market;
    this.faults = faults;
    this.clients = clients;
  }

  void handle(ClientSession client, ClientRequest request) {
    synchronized (lock) {
      if (request instanceof StartApi s) {
        startApi(client, s.clientId());
      } else if (client.clientId() < 0) {
        return; // nothing is served before START_API
      } else if (request instanceof RequestIds) {
        client.send(new NextValidId(Math.toIntExact(nextOrderId.get())));
      } else if (request instanceof RequestCurrentTime) {
        client.send(new CurrentTime(System.currentTimeMillis() / 1000));
      } else if (request instanceof RequestPositions) {
        answer(
            client,
            market.ledger().rows().stream().map(market::position).toList(),
            new PositionEnd(),
            () -> client.positionsSubscribed = true);
      } else if (request instanceof CancelPositions) {
        client.positionsSubscribed = false;
      } else if (request instanceof RequestPositionsMulti r) {
        positionsMulti(client, r);
      } else if (request instanceof CancelPositionsMulti r) {
        client.positionsMulti.remove(r.reqId());
      } else if (request instanceof RequestAccountUpdates r) {
        accountUpdates(client, r);
      } else if (request instanceof RequestPnlSingle r) {
        client.pnlSingle.put(r.reqId(), new ClientSession.PnlKey(r.account(), r.conId()));
        Holding h = market.ledger().get(r.account(), r.conId());
        if (h != null) {
          client.send(market.pnlSingle(r.reqId(), h)); // IB sends nothing for a contract not held
        }
      } else if (request instanceof CancelPnlSingle r) {
        client.pnlSingle.remove(r.reqId());
      }
    }
  }

  /** Handshakes refused with 326 since start. */
  long clientIdRejections() {
    return clientIdRejections.get();
  }

  private void startApi(ClientSession client, int clientId) {
    boolean inUse =
        clients.get().stream()
            .anyMatch(s -> s != client && s.isServing() && s.clientId() == clientId);
    if (inUse || faults.refusesClientId(clientId)) {
      clientIdRejections.incrementAndGet();
      client.send(
          new ErrorMessage(
              ErrorMessage.NO_REQUEST,
              326,
              "Unable to connect as the client id is already in use. Retry with a unique client"
                  + " id."));
      client.closeAfterQueued();
      return;
    }
    client.setClientId(clientId);
    client.send(new ManagedAccounts(market.ledger().accounts()));
    client.send(new NextValidId(Math.toIntExact(nextOrderId.get())));
    client.send(new ErrorMessage(-1, 2104, "Market data farm connection is OK:usfarm"));
    client.send(new ErrorMessage(-1, 2106, "HMDS data farm connection is OK:ushmds"));
    client.send(new ErrorMessage(-1, 2158, "Sec-def data farm connection is OK:secdefil"));
  }

  private void positionsMulti(ClientSession client, RequestPositionsMulti r) {
    String account = r.account() == null ? "" : r.account();
    List<Holding> rows = account.isEmpty() ? market.ledger().rows() : market.ledger().rows(account);
    answer(
        client,
        rows.stream().map(h -> market.positionMulti(r.reqId(), h, r.modelCode())).toList(),
        new PositionMultiEnd(r.reqId()),
        () -> client.positionsMulti.put(r.reqId(), account));
  }

  /**
   * Sends an answer's rows and its end marker, then subscribes the client; an armed cut sends only
   * its rows and closes the client's socket instead (the one "cut after N rows" mechanism).
   */
  private void answer(
      ClientSession client, List<? extends ServerMessage> rows, ServerMessage end, Runnable then) {
    int limit = faults.takeCut().orElse(Integer.MAX_VALUE);
    for (int i = 0; i < rows.size() && i < limit; i++) {
      client.send(rows.get(i));
    }
    if (rows.size() >= limit) {
      client.closeAfterQueued();
      return;
    }
    client.send(end);
    then.run();
  }

  private void accountUpdates(ClientSession client, RequestAccountUpdates r) {
    if (!r.subscribe()) {
      client.accountUpdates = Optional.empty();
      return;
    }
    String account = r.accountCode();
    if (!market.ledger().hasAccount(account)) {
      client.send(
          new ErrorMessage(-1, 321, "Error validating request: unknown account " + account));
      return;
    }
    if (client.accountUpdates.filter(a -> !a.equals(account)).isPresent()) {
      client.send(
          new ErrorMessage(-1, 2100, "API client has been unsubscribed from account data."));
    }
    client.accountUpdates = Optional.of(account);
    BigDecimal netLiq = BigDecimal.valueOf(1_000_000);
    for (Holding h : market.ledger().rows(account)) {
      netLiq = netLiq.add(market.marketValue(h));
    }
    client.send(new AccountValue("accountReady", "true", null, account));
    client.send(new AccountValue("NetLiquidation", netLiq.toPlainString(), "USD", account));
    for (Holding h : market.ledger().rows(account)) {
      client.send(market.portfolioValue(h));
    }
    client.send(
        new AccountUpdateTime(
            LocalTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm"))));
    client.send(new AccountDownloadEnd(account));
  }
}
