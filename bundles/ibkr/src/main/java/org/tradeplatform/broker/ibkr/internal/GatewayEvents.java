package org.tradeplatform.broker.ibkr.internal;

import java.math.BigDecimal;
import java.util.List;
import org.tradeplatform.broker.api.Position;

/** Decoded incoming messages, delivered on the connection's reader thread. */
interface GatewayEvents {
  /** Any frame arrived (called before the typed callback, also for messages nobody handles). */
  default void frameReceived() {}

  void nextValidId(long orderId);

  void managedAccounts(List<String> accounts);

  void position(Position row);

  void positionEnd();

  void positionMulti(int reqId, Position row);

  void positionMultiEnd(int reqId);

  /** A PORTFOLIO_VALUE row of the account-updates stream; values are null when unset. */
  void portfolioValue(
      String account,
      long conId,
      BigDecimal marketPrice,
      BigDecimal marketValue,
      BigDecimal unrealizedPnl,
      BigDecimal realizedPnl);

  /**
   * A PNL_SINGLE update; values are {@code null} when the gateway reports them as unset.
   *
   * @param quantity the position size the gateway priced
   */
  void pnlSingle(
      int reqId,
      BigDecimal quantity,
      BigDecimal dailyPnl,
      BigDecimal unrealizedPnl,
      BigDecimal realizedPnl,
      BigDecimal value);

  void error(int id, int code, String message);
}
