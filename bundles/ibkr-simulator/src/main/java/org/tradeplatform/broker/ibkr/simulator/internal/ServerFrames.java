package org.tradeplatform.broker.ibkr.simulator.internal;

import java.math.BigDecimal;
import java.util.List;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;

/**
 * Complete frames (length prefix included) of the messages the simulator sends, in the layout of
 * one negotiated server version.
 */
interface ServerFrames {
  byte[] managedAccounts(List<String> accounts);

  byte[] nextValidId(long orderId);

  byte[] error(int id, int code, String message);

  byte[] currentTime(long epochSeconds);

  byte[] position(
      String account, SimulatedContract contract, BigDecimal quantity, BigDecimal averageCost);

  byte[] positionEnd();

  byte[] positionMulti(
      int reqId,
      String account,
      SimulatedContract contract,
      BigDecimal quantity,
      BigDecimal averageCost,
      String modelCode);

  byte[] positionMultiEnd(int reqId);

  byte[] portfolioValue(
      SimulatedContract contract,
      BigDecimal quantity,
      double marketPrice,
      double marketValue,
      double averageCost,
      double unrealizedPnl,
      double realizedPnl,
      String account);

  byte[] accountValue(String key, String value, String currency, String account);

  byte[] accountUpdateTime(String time);

  byte[] accountDownloadEnd(String account);

  /** Values equal to {@link Double#MAX_VALUE} mean unset. */
  byte[] pnlSingle(
      int reqId,
      BigDecimal position,
      double dailyPnl,
      double unrealizedPnl,
      double realizedPnl,
      double value);
}
