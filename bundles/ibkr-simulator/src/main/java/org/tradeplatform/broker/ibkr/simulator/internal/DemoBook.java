package org.tradeplatform.broker.ibkr.simulator.internal;

import java.math.BigDecimal;
import java.util.List;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;

/** A few positions per account so a newcomer sees rows at once. */
final class DemoBook {
  private DemoBook() {}

  static void seed(GatewaySimulator gateway) {
    List<String> accounts = gateway.accounts();
    for (int a = 0; a < accounts.size(); a++) {
      String account = accounts.get(a);
      for (int i = 0; i < 3; i++) {
        SimulatedContract c = RandomWalk.UNIVERSE.get((a + i) % RandomWalk.UNIVERSE.size());
        gateway.trade(
            account, c, BigDecimal.valueOf(100L * (i + 1)), BigDecimal.valueOf(100 + 10 * i + a));
      }
    }
  }
}
