package org.tradeplatform.broker.ibkr.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class SimulatorComponentTest {

  static SimulatorConfig config(int port, String accounts, boolean seed) {
    return new SimulatorConfig() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return SimulatorConfig.class;
      }

      @Override
      public String host() {
        return "127.0.0.1";
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public int serverVersion() {
        return 166;
      }

      @Override
      public String accounts() {
        return accounts;
      }

      @Override
      public double randomWalkTradesPerSecond() {
        return 0;
      }

      @Override
      public boolean seedBook() {
        return seed;
      }

      @Override
      public long seed() {
        return 1;
      }
    };
  }

  @Test
  void startsFromConfigurationWithADemoBook() {
    SimulatorComponent component = new SimulatorComponent(config(0, "DUA, DUB", true));
    try {
      assertThat(component.port()).isPositive();
      assertThat(component.serverVersion()).isEqualTo(166);
      assertThat(component.accounts()).containsExactly("DUA", "DUB");
      assertThat(component.book("DUA")).hasSize(3);
      assertThat(component.book("DUB")).hasSize(3);
    } finally {
      component.deactivate();
    }
  }

  @Test
  void refusesTheRealGatewayPorts() {
    for (int port : new int[] {7496, 7497, 4001, 4002}) {
      assertThatThrownBy(() -> new SimulatorComponent(config(port, "DU1", false)))
          .hasMessageContaining("real TWS / IB Gateway");
    }
  }
}
