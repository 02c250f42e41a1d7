package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.broker.ibkr.internal.command.IbkrStatusCommand;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/** The DS component through its OSGi seam: a BundleContext that records service registrations. */
class IbkrConnectionComponentTest {

  /** What the fake framework holds: live registrations of BrokerSession. */
  private static final class FakeRegistry {
    final List<Dictionary<String, ?>> live = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    BundleContext context() {
      return (BundleContext)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {BundleContext.class},
              (proxy, method, args) -> {
                if (method.getName().equals("registerService") && args[0] == BrokerSession.class) {
                  @SuppressWarnings("unchecked")
                  Dictionary<String, ?> props = (Dictionary<String, ?>) args[2];
                  live.add(props);
                  threads.add(Thread.currentThread().getName());
                  return Proxy.newProxyInstance(
                      getClass().getClassLoader(),
                      new Class<?>[] {ServiceRegistration.class},
                      (p, m, a) -> {
                        if (m.getName().equals("unregister")) {
                          live.remove(props);
                        }
                        return null;
                      });
                }
                throw new UnsupportedOperationException(method.getName());
              });
    }
  }

  private GatewaySimulator sim;
  private IbkrConnectionComponent component;

  @AfterEach
  void close() {
    if (component != null) {
      component.deactivate();
    }
    if (sim != null) {
      sim.close();
    }
  }

  static IbkrConnectionConfig config(
      String brokerId, int port, int reconnectMin, int reconnectMax) {
    return config(brokerId, port, reconnectMin, reconnectMax, false);
  }

  static IbkrConnectionConfig config(
      String brokerId, int port, int reconnectMin, int reconnectMax, boolean leaseMode) {
    return new IbkrConnectionConfig() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return IbkrConnectionConfig.class;
      }

      @Override
      public String broker_id() {
        return brokerId;
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
      public int clientId() {
        return 3;
      }

      @Override
      public String accounts() {
        return "";
      }

      @Override
      public int connectTimeoutSeconds() {
        return 5;
      }

      @Override
      public int reconnectMinSeconds() {
        return reconnectMin;
      }

      @Override
      public int reconnectMaxSeconds() {
        return reconnectMax;
      }

      @Override
      public int reconnectUnreachableMaxSeconds() {
        return reconnectMax;
      }

      @Override
      public int snapshotTimeoutSeconds() {
        return 10;
      }

      @Override
      public String pnlSource() {
        return "none";
      }

      @Override
      public int pnlSubscriptionsMax() {
        return 10;
      }

      @Override
      public boolean lease() {
        return leaseMode;
      }

      @Override
      public int leaseReleaseAfterSeconds() {
        return 120;
      }
    };
  }

  @Test
  void activationConnectsOffThreadAndRegistersWithServiceProperties() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1", "DU2"));
    FakeRegistry registry = new FakeRegistry();

    component = new IbkrConnectionComponent(registry.context(), config("paper", sim.port(), 1, 2));

    await().atMost(Duration.ofSeconds(20)).until(() -> registry.live.size() == 1);
    Dictionary<String, ?> props = registry.live.get(0);
    assertThat(props.get(BrokerSession.BROKER_ID)).isEqualTo("paper");
    assertThat(props.get(BrokerSession.BROKER_TYPE)).isEqualTo("ibkr");
    assertThat((String[]) props.get(BrokerSession.BROKER_ACCOUNTS)).containsExactly("DU1", "DU2");
    assertThat(registry.threads).containsOnly("ibkr-lifecycle-paper");
    ConnectionStatus status = component.status();
    assertThat(status.state()).isEqualTo(ConnectionState.READY);
    assertThat(
            IbkrStatusCommand.format(
                status, Optional.of(component.details()), component.rejectedConfiguration()))
        .contains("IBKR paper", "READY", "server version     187", "DU1, DU2");
  }

  @Test
  void anInvalidChangeIsRefusedAndTheRunningConnectionStays() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    FakeRegistry registry = new FakeRegistry();
    component = new IbkrConnectionComponent(registry.context(), config("paper", sim.port(), 1, 2));
    await().atMost(Duration.ofSeconds(20)).until(() -> registry.live.size() == 1);

    component.modified(config("paper", sim.port(), 5, 1));

    assertThat(component.rejectedConfiguration())
        .hasValueSatisfying(r -> assertThat(r).contains("reconnectMaxSeconds"));
    assertThat(component.status().state()).isEqualTo(ConnectionState.READY);
    assertThat(registry.live).hasSize(1);
    assertThat(sim.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void aValidChangeReconnectsWithTheNewSettings() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    FakeRegistry registry = new FakeRegistry();
    component = new IbkrConnectionComponent(registry.context(), config("paper", sim.port(), 1, 2));
    await().atMost(Duration.ofSeconds(20)).until(() -> registry.live.size() == 1);

    component.modified(config("renamed", sim.port(), 1, 2));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                registry.live.size() == 1
                    && "renamed".equals(registry.live.get(0).get(BrokerSession.BROKER_ID)));
    assertThat(component.status().brokerId()).isEqualTo("renamed");
  }

  @Test
  void deactivationWithdrawsTheSessionAndDisconnects() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    FakeRegistry registry = new FakeRegistry();
    component = new IbkrConnectionComponent(registry.context(), config("paper", sim.port(), 1, 2));
    await().atMost(Duration.ofSeconds(20)).until(() -> registry.live.size() == 1);

    component.deactivate();

    assertThat(registry.live).isEmpty();
    assertThat(component.status().state()).isEqualTo(ConnectionState.STOPPED);
    await().atMost(Duration.ofSeconds(20)).until(() -> sim.connectedClients() == 0);
    component = null;
  }

  @Test
  void anInvalidConfigurationAtActivationIsRefusedNamingTheProperty() {
    FakeRegistry registry = new FakeRegistry();
    assertThatThrownBy(
            () -> new IbkrConnectionComponent(registry.context(), config("", 4002, 1, 2)))
        .hasMessageContaining("broker.id");
  }

  @Test
  void leaseModeWithoutALeaseServiceStaysStandbyAndNeverConnects() throws Exception {
    sim = GatewaySimulator.start(SimulatorSettings.forTests("DU1"));
    FakeRegistry registry = new FakeRegistry();
    component =
        new IbkrConnectionComponent(registry.context(), config("paper", sim.port(), 1, 2, true));

    assertThat(component.status().state()).isEqualTo(ConnectionState.STANDBY);
    assertThat(component.status().lastError().orElseThrow().message()).contains("no lease service");
    Thread.sleep(1_500); // a connection would have been accepted by now
    assertThat(sim.acceptedConnections()).isZero();
    assertThat(registry.live).isEmpty();
  }
}
