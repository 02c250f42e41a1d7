package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.IOException;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/** The {@link GatewaySimulator.Launcher} of this bundle (META-INF/services). */
public final class SimulatorLauncher implements GatewaySimulator.Launcher {
  @Override
  public GatewaySimulator start(SimulatorSettings settings) throws IOException {
    return SimulatedGateway.start(settings);
  }
}
