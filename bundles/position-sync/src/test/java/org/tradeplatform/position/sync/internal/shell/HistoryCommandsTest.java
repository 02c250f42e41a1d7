package org.tradeplatform.position.sync.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.HeldPosition;
import org.tradeplatform.position.api.PositionHistoryEntry;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionsAsOf;
import org.tradeplatform.position.api.SyncTrigger;

/** {@code position:list --at} and {@code position:history} against a recording repository. */
class HistoryCommandsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant T = Instant.parse("2026-12-01T14:30:00Z");

  private final List<String> calls = new ArrayList<>();
  private final CommandOutput output = new CommandOutput();

  /** Answers positionsAsOf with pages of one (two held positions) and history with two entries. */
  private final PositionRepository repository =
      (PositionRepository)
          Proxy.newProxyInstance(
              PositionRepository.class.getClassLoader(),
              new Class<?>[] {PositionRepository.class},
              (proxy, method, args) -> {
                calls.add(method.getName() + List.of(args));
                return switch (method.getName()) {
                  case "positionsAsOf" -> page((Instant) args[0], (Integer) args[2]);
                  case "history" -> history((PositionKey) args[0]);
                  default -> throw new AssertionError("unexpected call " + method);
                };
              });

  private static PositionsAsOf page(Instant at, int offset) {
    List<HeldPosition> held =
        List.of(
            new HeldPosition(
                new Position(
                    "DU1", Contract.stock(1, "AAPL", "USD"), new BigDecimal("100"), BigDecimal.TEN),
                Optional.of(at.minusSeconds(60)),
                Optional.of(SyncTrigger.CALLBACK)),
            new HeldPosition(
                new Position("DU2", Contract.stock(2, "MSFT", "USD"), new BigDecimal("0.5"), null),
                Optional.empty(),
                Optional.empty()));
    return new PositionsAsOf(at, offset, List.of(held.get(offset)), offset == 0);
  }

  private static List<PositionHistoryEntry> history(PositionKey key) {
    return List.of(
        new PositionHistoryEntry(
            7,
            key,
            Optional.empty(),
            new BigDecimal("5"),
            T,
            Optional.empty(),
            Optional.empty(),
            3),
        new PositionHistoryEntry(
            9,
            key,
            Optional.of(new BigDecimal("5")),
            BigDecimal.ZERO,
            T.plusSeconds(5),
            Optional.of(SyncTrigger.PERIODIC),
            Optional.of(new BigDecimal("101.5")),
            4));
  }

  private ListCommand list(String account, String at) {
    ListCommand command = new ListCommand();
    command.repository = repository;
    command.account = account;
    command.at = at;
    command.zone = BERLIN;
    command.out = output.stream;
    return command;
  }

  private HistoryCommand historyCommand(String since) {
    HistoryCommand command = new HistoryCommand();
    command.repository = repository;
    command.account = "DU1";
    command.conId = 1;
    command.since = since;
    command.zone = BERLIN;
    command.out = output.stream;
    return command;
  }

  @Test
  void listAtALocalTimeEchoesTheInstantAndReadsEveryPage() {
    assertThat(list(null, "2026-12-01T15:30").execute()).isNull();

    List<String> lines = output.text().lines().toList();
    assertThat(lines.get(0)).isEqualTo("As of 2026-12-01T15:30 in Europe/Berlin = " + T);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2))
        .startsWith("DU1")
        .contains("AAPL")
        .contains("100")
        .contains("CALLBACK");
    assertThat(lines.get(3)).startsWith("DU2").contains("0.5").contains("before history");
    assertThat(calls)
        .containsExactly(
            "positionsAsOf[" + T + ", Optional.empty, 0, 10000]",
            "positionsAsOf[" + T + ", Optional.empty, 1, 10000]");
  }

  @Test
  void listAtOneAccount() {
    list("DU1", "2026-12-01T14:30:00Z").execute();

    assertThat(output.text()).startsWith("As of " + T + System.lineSeparator());
    assertThat(calls.get(0)).isEqualTo("positionsAsOf[" + T + ", Optional[DU1], 0, 10000]");
  }

  @Test
  void badTimesAreRefusedBeforeAnyQuery() {
    assertThatThrownBy(() -> list(null, "2026-13-01T10:00").execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a time");
    assertThatThrownBy(() -> list(null, "2026-03-29T02:15").execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist in zone Europe/Berlin");
    assertThatThrownBy(() -> historyCommand("15:30").execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--since 15:30 is not a time");
    ListCommand closedAndAt = list(null, "2026-12-01T15:30");
    closedAndAt.closed = true;
    assertThatThrownBy(closedAndAt::execute)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--closed");

    assertThat(calls).isEmpty();
    assertThat(output.text()).isEmpty();
  }

  @Test
  void historyListsChangesOldestFirstFromTheGivenTime() {
    assertThat(historyCommand("2026-12-01T15:30").execute()).isNull();

    List<String> lines = output.text().lines().toList();
    assertThat(lines.get(0)).isEqualTo("Since 2026-12-01T15:30 in Europe/Berlin = " + T);
    assertThat(lines.get(2)).startsWith(T.toString()).contains("(opened)");
    assertThat(lines.get(3))
        .startsWith(T.plusSeconds(5).toString())
        .contains("PERIODIC")
        .contains("101.5");
    assertThat(calls)
        .containsExactly(
            "history[PositionKey[account=DU1, conId=1], " + T + ", " + Instant.MAX + "]");
  }

  @Test
  void historyWithoutSinceReadsFromTheBeginning() {
    historyCommand(null).execute();

    assertThat(calls.get(0)).contains(", " + Instant.EPOCH + ", ");
  }
}
