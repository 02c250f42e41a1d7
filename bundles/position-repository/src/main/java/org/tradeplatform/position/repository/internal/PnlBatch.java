package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import java.util.List;
import org.tradeplatform.broker.api.PositionPnl;

/** One batch of PnL values as column arrays for a single {@code unnest} statement. */
public final class PnlBatch {
  private final String[] accounts;
  private final Long[] conIds;
  private final BigDecimal[] marketPrices;
  private final BigDecimal[] marketValues;
  private final BigDecimal[] unrealizedPnls;
  private final BigDecimal[] realizedPnls;

  PnlBatch(List<PositionPnl> rows) {
    int size = rows.size();
    accounts = new String[size];
    conIds = new Long[size];
    marketPrices = new BigDecimal[size];
    marketValues = new BigDecimal[size];
    unrealizedPnls = new BigDecimal[size];
    realizedPnls = new BigDecimal[size];
    for (int i = 0; i < size; i++) {
      PositionPnl pnl = rows.get(i);
      accounts[i] = pnl.account();
      conIds[i] = pnl.conId();
      marketPrices[i] = pnl.marketPrice();
      marketValues[i] = pnl.marketValue();
      unrealizedPnls[i] = pnl.unrealizedPnl();
      realizedPnls[i] = pnl.realizedPnl();
    }
  }

  public String[] getAccounts() {
    return accounts;
  }

  public Long[] getConIds() {
    return conIds;
  }

  public BigDecimal[] getMarketPrices() {
    return marketPrices;
  }

  public BigDecimal[] getMarketValues() {
    return marketValues;
  }

  public BigDecimal[] getUnrealizedPnls() {
    return unrealizedPnls;
  }

  public BigDecimal[] getRealizedPnls() {
    return realizedPnls;
  }
}
