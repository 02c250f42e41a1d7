package org.tradeplatform.position.sync.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.sync.internal.ShellFixture;

class ListCommandTest {
  private final ShellFixture fixture = new ShellFixture();
  private final CommandOutput output = new CommandOutput();

  @AfterEach
  void close() {
    fixture.close();
  }

  private String run(String account, boolean closed) {
    ListCommand command = new ListCommand();
    command.repository = fixture.repository();
    command.account = account;
    command.closed = closed;
    command.out = output.stream;
    assertThat(command.execute()).isNull();
    return output.text();
  }

  private void closeAaplAndAddFractionalTsla() {
    fixture.brokerHolds("DU111", 1, "AAPL", "0");
    fixture.brokerHolds("DU111", 3, "TSLA", "0.125");
    fixture.component().syncNow(ShellFixture.BROKER).toCompletableFuture().join();
  }

  @Test
  void listsEveryOpenPosition() {
    String text = run(null, false);

    assertThat(text.lines()).hasSize(3);
    assertThat(text.lines().skip(1)).anyMatch(l -> l.startsWith("DU111") && l.contains("AAPL"));
    assertThat(text.lines().skip(1)).anyMatch(l -> l.startsWith("DU222") && l.contains("MSFT"));
  }

  @Test
  void listsOneAccountWithFractionalQuantitiesVerbatim() {
    closeAaplAndAddFractionalTsla();

    String text = run("DU111", false);

    assertThat(text.lines()).hasSize(2);
    assertThat(text.lines().skip(1).findFirst().orElseThrow()).contains("TSLA").contains("0.125");
    assertThat(text).doesNotContain("MSFT").doesNotContain("AAPL");
  }

  @Test
  void closedPositionsOnlyWhenAsked() {
    closeAaplAndAddFractionalTsla();

    String text = run("DU111", true);

    String aapl = text.lines().filter(l -> l.contains("AAPL")).findFirst().orElseThrow();
    assertThat(aapl.split("\\s*\\|\\s*")[5]).isEqualTo("0");
    assertThat(aapl).containsPattern("\\d{4}-\\d{2}-\\d{2}T");
  }

  @Test
  void saysSoWhenThereIsNothingToList() {
    assertThat(run("U0000", true)).isEqualTo("No positions" + System.lineSeparator());
  }
}
