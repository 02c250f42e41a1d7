package org.tradeplatform.position.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tradeplatform.position.operations.internal.Doubles.T0;
import static org.tradeplatform.position.operations.internal.Doubles.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.broker.api.ConnectionStatusService;

class GatewayConnectionsTest {

  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  private static Status status(ConnectionState state, Duration withoutSession) {
    ConnectionStatus c = connection("paper", state, T0);
    return GatewayConnections.evaluate(
            1, List.of(c), x -> T0, FIVE_MINUTES, T0.plus(withoutSession))
        .getAggregateStatus();
  }

  /** The README's state table. */
  @Test
  void everyStateMapsAsTheReadmeSays() {
    Map<ConnectionState, Status> shortly = new EnumMap<>(ConnectionState.class);
    Map<ConnectionState, Status> later = new EnumMap<>(ConnectionState.class);
    for (ConnectionState s : ConnectionState.values()) {
      shortly.put(s, status(s, Duration.ofMinutes(1)));
      later.put(s, status(s, Duration.ofMinutes(6)));
    }
    assertThat(shortly)
        .containsEntry(ConnectionState.READY, Status.OK)
        .containsEntry(ConnectionState.STANDBY, Status.OK)
        .containsEntry(ConnectionState.CONNECTING, Status.WARN)
        .containsEntry(ConnectionState.RECONNECTING, Status.WARN)
        .containsEntry(ConnectionState.STALE, Status.WARN)
        .containsEntry(ConnectionState.STOPPED, Status.WARN);
    assertThat(later)
        .containsEntry(ConnectionState.READY, Status.OK)
        .containsEntry(ConnectionState.STANDBY, Status.OK)
        .containsEntry(ConnectionState.CONNECTING, Status.CRITICAL)
        .containsEntry(ConnectionState.RECONNECTING, Status.CRITICAL)
        .containsEntry(ConnectionState.STALE, Status.CRITICAL)
        .containsEntry(ConnectionState.STOPPED, Status.CRITICAL);
  }

  @Test
  void messagesSayWhatSinceWhenAndWhatToDoButNoAccount() {
    ResultLog log =
        GatewayConnections.evaluate(
            1,
            List.of(
                connection("live", ConnectionState.READY, T0),
                connection("paper", ConnectionState.RECONNECTING, T0),
                connection("standby", ConnectionState.STANDBY, T0)),
            x -> T0,
            FIVE_MINUTES,
            T0.plusSeconds(30));
    List<String> lines =
        StreamSupport.stream(log.spliterator(), false).map(ResultLog.Entry::getMessage).toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1))
        .contains("reconnecting since 2026-12-02T10:00:00Z")
        .contains("connection refused")
        .contains("ibkr:status");
    assertThat(lines.get(2)).contains("node-b");
    assertThat(String.join("\n", lines)).doesNotContain("DU1234567");
  }

  @Test
  void noServiceIsCriticalAndNoConnectionWarns() {
    assertThat(
            GatewayConnections.evaluate(0, List.of(), x -> T0, FIVE_MINUTES, T0)
                .getAggregateStatus())
        .isEqualTo(Status.CRITICAL);
    assertThat(
            GatewayConnections.evaluate(1, List.of(), x -> T0, FIVE_MINUTES, T0)
                .getAggregateStatus())
        .isEqualTo(Status.WARN);
  }

  /** Reconnect attempts restart the state's "since"; the time without a session keeps counting. */
  @Test
  void theCheckCountsFromTheFirstStateWithoutSession() {
    List<ConnectionStatus> now = new ArrayList<>();
    ConnectionStatusService service = () -> List.copyOf(now);
    Instant[] clockAt = {T0};
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return clockAt[0];
          }
        };
    GatewayConnectionCheck check = new GatewayConnectionCheck(config(300), clock);
    check.bindStatusService(service);

    now.add(connection("paper", ConnectionState.RECONNECTING, T0));
    assertThat(check.execute().getStatus()).isEqualTo(Status.WARN);
    now.set(0, connection("paper", ConnectionState.CONNECTING, T0.plusSeconds(200)));
    clockAt[0] = T0.plusSeconds(301);
    Result result = check.execute();
    assertThat(result.getStatus()).isEqualTo(Status.CRITICAL);
    assertThat(result.toString()).contains("no session since 2026-12-02T10:00:00Z");

    now.set(0, connection("paper", ConnectionState.READY, T0.plusSeconds(302)));
    clockAt[0] = T0.plusSeconds(303);
    assertThat(check.execute().getStatus()).isEqualTo(Status.OK);
    now.set(0, connection("paper", ConnectionState.RECONNECTING, T0.plusSeconds(400)));
    clockAt[0] = T0.plusSeconds(500);
    assertThat(check.execute().getStatus()).isEqualTo(Status.WARN);
  }

  static GatewayConnectionCheck.Config config(long seconds) {
    return new GatewayConnectionCheck.Config() {
      @Override
      public Class<? extends java.lang.annotation.Annotation> annotationType() {
        return GatewayConnectionCheck.Config.class;
      }

      @Override
      public long noSessionCriticalSeconds() {
        return seconds;
      }
    };
  }
}
