package org.tradeplatform.broker.ibkr.simulator.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/**
 * Runs the simulator alone: {@code java -jar ibkr-simulator-<version>-standalone.jar [--port 4102]
 * [--server-version 187] [--accounts DU000001,DU000002] [--walk 0.5] [--seed 42] [--empty]}. Stops
 * on Ctrl-C.
 */
public final class SimulatorMain {
  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    int port = SimulatorSettings.DEFAULT_PORT;
    int version = SimulatorSettings.MAX_SERVER_VERSION;
    List<String> accounts = List.of("DU000001", "DU000002");
    double walk = 0.5;
    long seed = 42;
    boolean seedBook = true;
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    while (!rest.isEmpty()) {
      String option = rest.remove(0);
      switch (option) {
        case "--port" -> port = Integer.parseInt(value(rest, option));
        case "--server-version" -> version = Integer.parseInt(value(rest, option));
        case "--accounts" ->
            accounts = Arrays.stream(value(rest, option).split(",")).map(String::trim).toList();
        case "--walk" -> walk = Double.parseDouble(value(rest, option));
        case "--seed" -> seed = Long.parseLong(value(rest, option));
        case "--empty" -> seedBook = false;
        case "--help", "-h" -> {
          System.out.println(
              "usage: java -jar ibkr-simulator-standalone.jar [--port 4102] [--server-version 187]"
                  + " [--accounts DU000001,DU000002] [--walk 0.5] [--seed 42] [--empty]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + option + " (try --help)");
      }
    }
    if (SimulatorSettings.isIbPort(port)) {
      throw new IllegalArgumentException("port " + port + " belongs to a real TWS / IB Gateway");
    }
    SimulatedGateway gateway =
        SimulatedGateway.start(
            new SimulatorSettings("127.0.0.1", port, version, accounts, 0, seed));
    if (seedBook) {
      DemoBook.seed(gateway);
    }
    gateway.randomWalk(walk);
    System.out.println(
        "IBKR gateway simulator listening on "
            + gateway.host()
            + ":"
            + gateway.port()
            + " (server version "
            + version
            + ", accounts "
            + accounts
            + ", "
            + walk
            + " trades/s)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                },
                "ibkr-sim-shutdown"));
    stopped.await();
  }

  private static String value(List<String> rest, String option) {
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return rest.remove(0);
  }
}
