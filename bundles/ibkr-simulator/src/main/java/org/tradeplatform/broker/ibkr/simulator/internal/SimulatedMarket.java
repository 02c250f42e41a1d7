package org.tradeplatform.broker.ibkr.simulator.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Supplier;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.wire.PnlSingle;
import org.tradeplatform.broker.ibkr.wire.PortfolioValue;
import org.tradeplatform.broker.ibkr.wire.PositionData;
import org.tradeplatform.broker.ibkr.wire.PositionMulti;
import org.tradeplatform.broker.ibkr.wire.WireContract;

/**
 * The simulated market: the ledger's rows as wire messages, market value and PnL from the market
 * prices, and the streaming of a changed row (positions, per-account positions, portfolio values,
 * PnL single) to every client subscribed to it.
 *
 * <p>Called under the simulator's lock only, so a client sees a snapshot followed by the changes
 * made after it.
 */
final class SimulatedMarket {
  private final Ledger ledger;
  private final Supplier<List<ClientSession>> clients;

  SimulatedMarket(Ledger ledger, Supplier<List<ClientSession>> clients) {
    this.ledger = ledger;
    this.clients = clients;
  }

  Ledger ledger() {
    return ledger;
  }

  /** Streams a changed row to every subscriber. */
  void publish(Holding h) {
    for (ClientSession c : clients.get()) {
      if (!c.isServing()) {
        continue;
      }
      if (c.positionsSubscribed) {
        c.send(position(h));
      }
      c.positionsMulti.forEach(
          (reqId, account) -> {
            if (account.isEmpty() || account.equals(h.account())) {
              c.send(positionMulti(reqId, h, ""));
            }
          });
      publishPnl(c, h);
    }
  }

  /** A contract's price moved: streams the PnL of every row holding it. */
  void priceChanged(long conId) {
    for (Holding h : ledger.rows()) {
      if (h.contract().conId() == conId) {
        for (ClientSession c : clients.get()) {
          if (c.isServing()) {
            publishPnl(c, h);
          }
        }
      }
    }
  }

  private void publishPnl(ClientSession c, Holding h) {
    if (c.accountUpdates.filter(h.account()::equals).isPresent()) {
      c.send(portfolioValue(h));
    }
    c.pnlSingle.forEach(
        (reqId, key) -> {
          if (key.account().equals(h.account()) && key.conId() == h.contract().conId()) {
            c.send(pnlSingle(reqId, h));
          }
        });
  }

  PositionData position(Holding h) {
    return new PositionData(
        h.account(), contract(h.contract(), false), h.quantity(), h.averageCost().doubleValue());
  }

  PositionMulti positionMulti(int reqId, Holding h, String modelCode) {
    return new PositionMulti(
        reqId,
        h.account(),
        modelCode == null || modelCode.isEmpty() ? null : modelCode,
        contract(h.contract(), false),
        h.quantity(),
        h.averageCost().doubleValue());
  }

  PortfolioValue portfolioValue(Holding h) {
    BigDecimal price = ledger.marketPrice(h.contract(), h.averageCost());
    BigDecimal value = marketValue(h);
    BigDecimal unrealized = value.subtract(h.quantity().multiply(h.averageCost()));
    return new PortfolioValue(
        contract(h.contract(), true),
        h.quantity(),
        price.doubleValue(),
        value.doubleValue(),
        h.averageCost().doubleValue(),
        unrealized.doubleValue(),
        h.realizedPnl().doubleValue(),
        h.account());
  }

  /** Nothing realized yet is sent as unset, as IB does. */
  PnlSingle pnlSingle(int reqId, Holding h) {
    BigDecimal value = marketValue(h);
    double unrealized = value.subtract(h.quantity().multiply(h.averageCost())).doubleValue();
    Double realized = h.realizedPnl().signum() == 0 ? null : h.realizedPnl().doubleValue();
    return new PnlSingle(
        reqId, h.quantity(), unrealized, unrealized, realized, value.doubleValue());
  }

  BigDecimal marketValue(Holding h) {
    return h.quantity()
        .multiply(ledger.marketPrice(h.contract(), h.averageCost()))
        .multiply(h.contract().multiplierValue());
  }

  /** The wire layout (which field carries the exchange) is the wire library's to know. */
  private static WireContract contract(SimulatedContract c, boolean portfolio) {
    Contract api =
        new Contract(
            c.conId(),
            c.symbol(),
            c.secType(),
            c.currency(),
            c.exchange(),
            c.localSymbol(),
            c.tradingClass(),
            c.expiry(),
            c.strike(),
            c.right(),
            c.multiplier());
    return portfolio ? WireContract.forPortfolio(api) : WireContract.forPosition(api);
  }
}
