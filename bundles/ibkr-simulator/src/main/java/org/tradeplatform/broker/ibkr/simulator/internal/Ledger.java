package org.tradeplatform.broker.ibkr.simulator.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;

/**
 * The simulator's books: one position book per account plus market prices. Average cost follows
 * IB's convention (per unit, including the multiplier) and is kept at double precision, because
 * that is how it travels on the wire. Not thread-safe: the gateway guards it.
 */
final class Ledger {
  private final Map<String, Map<Long, Holding>> books = new LinkedHashMap<>();
  private final Map<Long, BigDecimal> marketPrices = new HashMap<>();

  Ledger(List<String> accounts) {
    for (String account : accounts) {
      books.put(account, new LinkedHashMap<>());
    }
  }

  List<String> accounts() {
    return List.copyOf(books.keySet());
  }

  boolean hasAccount(String account) {
    return books.containsKey(account);
  }

  /** Sets a row; realized PnL carries over. Returns the stored row. */
  Holding set(SimulatedPosition p) {
    Map<Long, Holding> book = bookOf(p.account());
    Holding old = book.get(p.contract().conId());
    Holding row =
        new Holding(
            p.account(),
            p.contract(),
            p.quantity(),
            wireDouble(p.averageCost()),
            old == null ? BigDecimal.ZERO : old.realizedPnl());
    book.put(p.contract().conId(), row);
    marketPrices.putIfAbsent(
        p.contract().conId(), unitPrice(row.averageCost(), p.contract()).max(BigDecimal.ONE));
    return row;
  }

  /** A fill of {@code quantity} at {@code price}: new average cost and realized PnL. */
  Holding trade(String account, SimulatedContract contract, BigDecimal quantity, BigDecimal price) {
    Map<Long, Holding> book = bookOf(account);
    Holding old = book.get(contract.conId());
    BigDecimal q = old == null ? BigDecimal.ZERO : old.quantity();
    BigDecimal avg = old == null ? BigDecimal.ZERO : old.averageCost();
    BigDecimal realized = old == null ? BigDecimal.ZERO : old.realizedPnl();
    BigDecimal cost = price.multiply(contract.multiplierValue());
    BigDecimal newQ = q.add(quantity);
    BigDecimal newAvg;
    if (q.signum() == 0 || q.signum() == quantity.signum()) {
      newAvg = q.multiply(avg).add(quantity.multiply(cost)).divide(newQ, MathContext.DECIMAL64);
    } else {
      BigDecimal closed = quantity.abs().min(q.abs());
      realized =
          realized.add(
              closed.multiply(cost.subtract(avg)).multiply(BigDecimal.valueOf(q.signum())));
      if (newQ.signum() == 0) {
        newAvg = BigDecimal.ZERO;
      } else if (newQ.signum() == q.signum()) {
        newAvg = avg;
      } else {
        newAvg = cost; // crossed through zero: the remainder opened at the fill price
      }
    }
    Holding row = new Holding(account, contract, newQ, wireDouble(newAvg), realized);
    book.put(contract.conId(), row);
    marketPrices.put(contract.conId(), price);
    return row;
  }

  void setMarketPrice(long conId, BigDecimal price) {
    marketPrices.put(conId, price);
  }

  BigDecimal marketPrice(SimulatedContract contract, BigDecimal averageCost) {
    BigDecimal p = marketPrices.get(contract.conId());
    return p != null ? p : unitPrice(averageCost, contract);
  }

  Holding get(String account, long conId) {
    Map<Long, Holding> book = books.get(account);
    return book == null ? null : book.get(conId);
  }

  /** Rows of one account, flat rows included (IB replays positions closed earlier in a session). */
  List<Holding> rows(String account) {
    Map<Long, Holding> book = books.get(account);
    return book == null ? List.of() : List.copyOf(book.values());
  }

  /** Every row of every account, flat rows included. */
  List<Holding> rows() {
    List<Holding> all = new ArrayList<>();
    books.values().forEach(b -> all.addAll(b.values()));
    return all;
  }

  /** Rows that are not flat. */
  List<SimulatedPosition> open() {
    return rows().stream()
        .filter(h -> h.quantity().signum() != 0)
        .map(Holding::toPosition)
        .toList();
  }

  /** Forgets flat rows, as a gateway does at its restart. */
  void dropFlat() {
    books.values().forEach(b -> b.values().removeIf(h -> h.quantity().signum() == 0));
  }

  private Map<Long, Holding> bookOf(String account) {
    Map<Long, Holding> book = books.get(account);
    if (book == null) {
      throw new IllegalArgumentException(
          "unknown account " + account + "; managed: " + books.keySet());
    }
    return book;
  }

  private static BigDecimal unitPrice(BigDecimal averageCost, SimulatedContract contract) {
    return averageCost.divide(contract.multiplierValue(), MathContext.DECIMAL64);
  }

  /** The value the client will read for a double field. */
  static BigDecimal wireDouble(BigDecimal value) {
    return new BigDecimal(Double.toString(value.doubleValue()));
  }
}
