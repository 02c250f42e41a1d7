package org.tradeplatform.position.sync.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.sync.internal.ShellFixture;

class StatusCommandTest {
  private final ShellFixture fixture = new ShellFixture();
  private final CommandOutput output = new CommandOutput();

  @AfterEach
  void close() {
    fixture.close();
  }

  private String run() {
    StatusCommand command = new StatusCommand();
    command.status = fixture.component();
    command.health = fixture.component();
    command.pnl = fixture.component();
    command.out = output.stream;
    assertThat(command.execute()).isNull();
    return output.text();
  }

  @Test
  void printsEachSessionTheTotalAndHealth() {
    String text = run();

    assertThat(text).startsWith("Health: OK").contains("Rejected configuration: none");
    String session = line(text, ShellFixture.BROKER);
    // Broker | Callbacks | Started | Succeeded | Failed | Abandoned | Queued | Triggers |
    // Coalesced | Drift | Held
    assertThat(session.split("\\s*\\|\\s*"))
        .startsWith(ShellFixture.BROKER, "1", "1", "1", "0", "0", "0", "0", "0", "0", "2");
    assertThat(session).contains("BIND");
    assertThat(line(text, "(total)")).contains("BIND");
    assertThat(text).contains("PnL of broker");
  }

  @Test
  void printsPnlWritesPerSession() {
    fixture.brokerReportsPnl(ShellFixture.ACCOUNT, 1, "15000");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fixture.component().pnlTotal().writes() == 1);

    String text = run();

    String pnlLine =
        text.lines()
            .dropWhile(l -> !l.startsWith("PnL of broker"))
            .filter(l -> l.startsWith(ShellFixture.BROKER))
            .findFirst()
            .orElseThrow();
    // PnL of broker | Listeners | Updates | Writes | Failed | Rows written
    assertThat(pnlLine.split("\\s*\\|\\s*"))
        .startsWith(ShellFixture.BROKER, "1", "1", "1", "0", "1");
  }

  @Test
  void showsARefusedConfigurationAndTheWarning() {
    fixture.offerNegativeDebounce();

    String text = run();

    assertThat(text).startsWith("Health: WARN");
    assertThat(text).contains("Rejected configuration: debounceSeconds: must be 0");
  }

  @Test
  void warnsWhenNoSessionIsBound() {
    fixture.unbind();

    String text = run();

    assertThat(text).startsWith("Health: WARN").contains("no broker session is bound");
    assertThat(text).doesNotContain(ShellFixture.BROKER + " ");
    assertThat(line(text, "(total)").split("\\s*\\|\\s*")).startsWith("(total)", "0", "1", "1");
  }

  private static String line(String text, String start) {
    return text.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
  }
}
