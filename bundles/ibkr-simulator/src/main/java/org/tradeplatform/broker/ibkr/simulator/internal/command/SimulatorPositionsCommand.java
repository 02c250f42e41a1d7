package org.tradeplatform.broker.ibkr.simulator.internal.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;

/** {@code ibkr-sim:positions [account]}. */
@Service
@Command(
    scope = "ibkr-sim",
    name = "positions",
    description = "Lists the simulator's open positions")
public class SimulatorPositionsCommand implements Action {
  @Reference GatewaySimulator simulator;

  @Argument(index = 0, name = "account", required = false, description = "Only this account")
  String account;

  @Override
  public Object execute() {
    List<SimulatedPosition> rows = account == null ? simulator.book() : simulator.book(account);
    System.out.printf(
        "%-12s %-10s %-8s %18s %14s%n", "ACCOUNT", "CONID", "SYMBOL", "QUANTITY", "AVG COST");
    for (SimulatedPosition p : rows) {
      System.out.printf(
          "%-12s %-10d %-8s %18s %14s%n",
          p.account(),
          p.contract().conId(),
          p.contract().symbol(),
          p.quantity().toPlainString(),
          p.averageCost().toPlainString());
    }
    return null;
  }
}
