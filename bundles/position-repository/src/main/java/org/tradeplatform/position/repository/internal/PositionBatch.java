package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.util.List;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;

/**
 * One batch of position rows as column arrays, bound to a single statement that expands them with
 * {@code unnest}: one round trip per batch, never one per row.
 */
public final class PositionBatch {
  private final String[] accounts;
  private final Long[] conIds;
  private final String[] symbols;
  private final String[] secTypes;
  private final String[] currencies;
  private final String[] exchanges;
  private final String[] localSymbols;
  private final String[] tradingClasses;
  private final String[] expiries;
  private final BigDecimal[] strikes;
  private final String[] rights;
  private final String[] multipliers;
  private final BigDecimal[] quantities;
  private final BigDecimal[] averageCosts;
  private final BigDecimal[] oldQuantities;
  private final Boolean[] closed;

  private PositionBatch(int size) {
    accounts = new String[size];
    conIds = new Long[size];
    symbols = new String[size];
    secTypes = new String[size];
    currencies = new String[size];
    exchanges = new String[size];
    localSymbols = new String[size];
    tradingClasses = new String[size];
    expiries = new String[size];
    strikes = new BigDecimal[size];
    rights = new String[size];
    multipliers = new String[size];
    quantities = new BigDecimal[size];
    averageCosts = new BigDecimal[size];
    oldQuantities = new BigDecimal[size];
    closed = new Boolean[size];
  }

  /** New rows. */
  static PositionBatch ofPositions(List<Position> positions) {
    PositionBatch batch = new PositionBatch(positions.size());
    for (int i = 0; i < positions.size(); i++) {
      batch.set(i, positions.get(i));
      batch.closed[i] = Boolean.FALSE;
    }
    return batch;
  }

  /** Rewrites of existing rows, with the quantity stored before. */
  static PositionBatch ofWrites(List<RowWrite> writes) {
    PositionBatch batch = new PositionBatch(writes.size());
    for (int i = 0; i < writes.size(); i++) {
      RowWrite write = writes.get(i);
      batch.set(i, write.position());
      batch.oldQuantities[i] = write.oldQuantity();
      batch.closed[i] = write.closed();
    }
    return batch;
  }

  private void set(int i, Position position) {
    Contract contract = position.contract();
    accounts[i] = position.account();
    conIds[i] = contract.conId();
    symbols[i] = contract.symbol();
    secTypes[i] = contract.secType();
    currencies[i] = contract.currency();
    exchanges[i] = contract.exchange();
    localSymbols[i] = contract.localSymbol();
    tradingClasses[i] = contract.tradingClass();
    expiries[i] = contract.expiry();
    strikes[i] = contract.strike();
    rights[i] = contract.right();
    multipliers[i] = contract.multiplier();
    quantities[i] = position.quantity();
    averageCosts[i] = position.averageCost();
  }

  public String[] getAccounts() {
    return accounts;
  }

  public Long[] getConIds() {
    return conIds;
  }

  public String[] getSymbols() {
    return symbols;
  }

  public String[] getSecTypes() {
    return secTypes;
  }

  public String[] getCurrencies() {
    return currencies;
  }

  public String[] getExchanges() {
    return exchanges;
  }

  public String[] getLocalSymbols() {
    return localSymbols;
  }

  public String[] getTradingClasses() {
    return tradingClasses;
  }

  public String[] getExpiries() {
    return expiries;
  }

  public BigDecimal[] getStrikes() {
    return strikes;
  }

  public String[] getRights() {
    return rights;
  }

  public String[] getMultipliers() {
    return multipliers;
  }

  public BigDecimal[] getQuantities() {
    return quantities;
  }

  public BigDecimal[] getAverageCosts() {
    return averageCosts;
  }

  public BigDecimal[] getOldQuantities() {
    return oldQuantities;
  }

  public Boolean[] getClosed() {
    return closed;
  }
}
