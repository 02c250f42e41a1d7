package org.tradeplatform.broker.ibkr.simulator.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;

/** {@code ibkr-sim:walk <tradesPerSecond>}: 0 stops random trading. */
@Service
@Command(scope = "ibkr-sim", name = "walk", description = "Sets the random-walk trading rate")
public class SimulatorWalkCommand implements Action {
  @Reference GatewaySimulator simulator;

  @Argument(index = 0, name = "tradesPerSecond", required = true)
  double rate;

  @Override
  public Object execute() {
    simulator.randomWalk(rate);
    System.out.println(rate == 0 ? "random walk stopped" : "random walk at " + rate + " trades/s");
    return null;
  }
}
