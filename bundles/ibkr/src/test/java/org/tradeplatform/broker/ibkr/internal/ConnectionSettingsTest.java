package org.tradeplatform.broker.ibkr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

  static IbkrConnectionConfig config(
      String brokerId, int port, int reconnectMin, int reconnectMax, String pnl) {
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
        return 7;
      }

      @Override
      public String accounts() {
        return " DU1, ,DU2 ";
      }

      @Override
      public int connectTimeoutSeconds() {
        return 10;
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
        return 5;
      }

      @Override
      public int snapshotTimeoutSeconds() {
        return 30;
      }

      @Override
      public String pnlSource() {
        return pnl;
      }

      @Override
      public int pnlSubscriptionsMax() {
        return 50;
      }

      @Override
      public boolean lease() {
        return false;
      }

      @Override
      public int leaseReleaseAfterSeconds() {
        return 120;
      }
    };
  }

  @Test
  void readsAValidConfiguration() {
    ConnectionSettings s = ConnectionSettings.from(config("paper", 4002, 1, 60, "accountUpdates"));
    assertThat(s.brokerId()).isEqualTo("paper");
    assertThat(s.accountFilter()).containsExactly("DU1", "DU2");
    assertThat(s.reconnectMax()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.reconnectUnreachableMax()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.pnlSource()).isEqualTo(PnlSource.ACCOUNT_UPDATES);
  }

  @Test
  void refusalsNameTheProperty() {
    assertThatThrownBy(() -> ConnectionSettings.from(config(" ", 4002, 1, 60, "none")))
        .hasMessageContaining("'broker.id'");
    assertThatThrownBy(() -> ConnectionSettings.from(config("gw", 70000, 1, 60, "none")))
        .hasMessageContaining("'port'");
    assertThatThrownBy(() -> ConnectionSettings.from(config("gw", 4002, 10, 5, "none")))
        .hasMessageContaining("'reconnectMaxSeconds'");
    assertThatThrownBy(() -> ConnectionSettings.from(config("gw", 4002, 0, 5, "none")))
        .hasMessageContaining("'reconnectMinSeconds'");
    assertThatThrownBy(() -> ConnectionSettings.from(config("gw", 4002, 6, 60, "none")))
        .hasMessageContaining("'reconnectUnreachableMaxSeconds'");
    assertThatThrownBy(() -> ConnectionSettings.from(config("gw", 4002, 1, 5, "sometimes")))
        .isInstanceOf(ConnectionSettings.InvalidConfigurationException.class)
        .hasMessageContaining("'pnlSource'");
  }
}
