package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/**
 * The simulator as an OSGi service, configured through Config Admin (PID {@value #PID}); a
 * configuration change restarts it.
 */
@Component(
    configurationPid = SimulatorComponent.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE,
    service = GatewaySimulator.class,
    immediate = true) // listen as soon as configured, not when someone first asks for the service
@Designate(ocd = SimulatorConfig.class)
public final class SimulatorComponent extends DelegatingSimulator {
  public static final String PID = "org.tradeplatform.broker.ibkr.simulator";

  @Activate
  public SimulatorComponent(SimulatorConfig config) {
    super(startFrom(config));
    if (config.seedBook()) {
      DemoBook.seed(delegate());
    }
  }

  private static GatewaySimulator startFrom(SimulatorConfig config) {
    List<String> accounts =
        Arrays.stream(config.accounts().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    SimulatorSettings settings =
        new SimulatorSettings(
            config.host(),
            config.port(),
            config.serverVersion(),
            accounts,
            config.randomWalkTradesPerSecond(),
            config.seed());
    if (SimulatorSettings.isIbPort(settings.port())) {
      throw new IllegalArgumentException(
          "port " + settings.port() + " belongs to a real TWS / IB Gateway; choose another one");
    }
    try {
      return SimulatedGateway.start(settings);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "simulator could not listen on " + config.host() + ":" + config.port(), e);
    }
  }

  @Deactivate
  void deactivate() {
    delegate().close();
  }
}
