package org.tradeplatform.broker.ibkr.simulator.internal.command;

import java.time.Duration;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.MalformedFrame;

/**
 * {@code ibkr-sim:fault <kind> [value]}: drop | cut &lt;rows&gt; | code &lt;n&gt; | malformed
 * [OVERSIZED_LENGTH|GARBLED_NUMBER|MISSING_TERMINATOR] | stall &lt;seconds&gt; | restart.
 */
@Service
@Command(
    scope = "ibkr-sim",
    name = "fault",
    description = "Injects a fault into the gateway simulator")
public class SimulatorFaultCommand implements Action {
  @Reference GatewaySimulator simulator;

  @Argument(
      index = 0,
      name = "kind",
      required = true,
      description = "drop, cut, code, malformed, stall, restart")
  String kind;

  @Argument(
      index = 1,
      name = "value",
      required = false,
      description = "rows, IB code, frame kind or seconds")
  String value;

  @Override
  public Object execute() throws Exception {
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "drop" -> simulator.faults().dropConnections();
      case "cut" -> simulator.faults().dropAfterSnapshotRows(Integer.parseInt(required()));
      case "code" ->
          simulator.faults().sendError(Integer.parseInt(required()), "simulated code " + value);
      case "malformed" ->
          simulator
              .faults()
              .sendMalformedFrame(
                  value == null
                      ? MalformedFrame.OVERSIZED_LENGTH
                      : MalformedFrame.valueOf(value.toUpperCase(Locale.ROOT)));
      case "stall" -> simulator.faults().stall(Duration.ofSeconds(Long.parseLong(required())));
      case "restart" -> simulator.restart();
      default -> {
        System.err.println(
            "unknown fault " + kind + "; use drop, cut, code, malformed, stall or restart");
        return null;
      }
    }
    System.out.println("fault " + kind + (value == null ? "" : " " + value) + " injected");
    return null;
  }

  private String required() {
    if (value == null) {
      throw new IllegalArgumentException(kind + " needs a value");
    }
    return value;
  }
}
