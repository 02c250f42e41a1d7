package org.tradeplatform.broker.ibkr.simulator.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;

/** {@code ibkr-sim:status}. */
@Service
@Command(scope = "ibkr-sim", name = "status", description = "Shows the gateway simulator")
public class SimulatorStatusCommand implements Action {
  @Reference GatewaySimulator simulator;

  @Override
  public Object execute() {
    System.out.printf(
        "listening %s:%d, server version %d, accounts %s%n"
            + "connected clients %d, accepted connections %d, restarts %d, open positions %d%n",
        simulator.host(),
        simulator.port(),
        simulator.serverVersion(),
        String.join(",", simulator.accounts()),
        simulator.connectedClients(),
        simulator.acceptedConnections(),
        simulator.restarts(),
        simulator.book().size());
    return null;
  }
}
