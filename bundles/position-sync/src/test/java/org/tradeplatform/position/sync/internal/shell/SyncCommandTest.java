package org.tradeplatform.position.sync.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.sync.internal.ShellFixture;

class SyncCommandTest {
  private final ShellFixture fixture = new ShellFixture();
  private final CommandOutput output = new CommandOutput();

  @AfterEach
  void close() {
    fixture.close();
  }

  private String run(String broker) throws InterruptedException {
    SyncCommand command = new SyncCommand();
    command.status = fixture.component();
    command.broker = broker;
    command.timeoutSeconds = 30;
    command.out = output.stream;
    assertThat(command.execute()).isNull();
    return output.text();
  }

  @Test
  void syncsTheNamedSessionAndPrintsWhatChanged() throws InterruptedException {
    fixture.brokerHolds("DU111", 1, "AAPL", "120");
    fixture.brokerHolds("DU111", 3, "TSLA", "0.5");

    String text = run(ShellFixture.BROKER);

    assertThat(text)
        .startsWith("Synced ib-paper: inserted 1, updated 1, closed 0, unchanged 1 (sync run ");
    assertThat(fixture.repository().position("DU111", 3)).isPresent();
  }

  @Test
  void withoutABrokerSyncsEveryBoundSession() throws InterruptedException {
    String text = run(null);

    assertThat(text.lines())
        .singleElement()
        .asString()
        .startsWith("Synced ib-paper: inserted 0, updated 0, closed 0, unchanged 2");
  }

  @Test
  void reportsAnUnknownBroker() throws InterruptedException {
    assertThat(run("nope"))
        .contains("Sync of nope failed: no broker session with broker.id 'nope'");
  }

  @Test
  void reportsAFailedSync() throws InterruptedException {
    fixture.storeFailsOnce("database down");

    assertThat(run(ShellFixture.BROKER))
        .startsWith("Sync of ib-paper failed: could not apply positions");
  }

  @Test
  void saysSoWhenNoSessionIsBound() throws InterruptedException {
    fixture.unbind();

    assertThat(run(null)).isEqualTo("No broker session is bound" + System.lineSeparator());
  }
}
