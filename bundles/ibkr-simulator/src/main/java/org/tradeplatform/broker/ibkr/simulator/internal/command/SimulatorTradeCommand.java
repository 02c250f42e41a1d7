package org.tradeplatform.broker.ibkr.simulator.internal.command;

import java.math.BigDecimal;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;

/**
 * {@code ibkr-sim:trade <account> <conId> <symbol> <quantity> <price>}: a fill; with {@code --set}
 * the quantity and price become the position and its average cost instead.
 */
@Service
@Command(
    scope = "ibkr-sim",
    name = "trade",
    description = "Fills a trade (or sets a position) in the simulator")
public class SimulatorTradeCommand implements Action {
  @Reference GatewaySimulator simulator;

  @Argument(index = 0, name = "account", required = true)
  String account;

  @Argument(index = 1, name = "conId", required = true)
  long conId;

  @Argument(index = 2, name = "symbol", required = true)
  String symbol;

  @Argument(index = 3, name = "quantity", required = true, description = "Signed quantity")
  String quantity;

  @Argument(index = 4, name = "price", required = true, description = "Fill price or average cost")
  String price;

  @Option(name = "--set", description = "Set the position instead of trading")
  boolean set;

  @Option(name = "--currency", description = "Currency, USD by default")
  String currency = "USD";

  @Override
  public Object execute() {
    SimulatedContract contract = SimulatedContract.stock(conId, symbol, currency);
    if (set) {
      simulator.setPosition(account, contract, new BigDecimal(quantity), new BigDecimal(price));
      System.out.println("set " + account + " " + symbol + " " + quantity + " @ " + price);
    } else {
      SimulatedPosition p =
          simulator.trade(account, contract, new BigDecimal(quantity), new BigDecimal(price));
      System.out.println(
          "filled; "
              + account
              + " "
              + symbol
              + " now "
              + p.quantity().toPlainString()
              + " @ "
              + p.averageCost().toPlainString());
    }
    return null;
  }
}
