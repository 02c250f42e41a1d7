package org.tradeplatform.position.sync.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.api.PnlStatistics;
import org.tradeplatform.position.api.SyncHealth;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;

class StatusTextTest {

  @Test
  void printsHealthRejectionAndOneRowPerSessionPlusTheTotalForSyncsAndForPnl() {
    SyncStatistics paper =
        new SyncStatistics(
            1,
            12,
            10,
            2,
            340,
            300,
            3,
            42,
            Instant.parse("2026-11-24T09:30:00Z"),
            Instant.parse("2026-11-24T09:29:00Z"),
            Duration.ofMillis(35),
            SyncTrigger.CALLBACK,
            "PositionStoreException: could not apply positions",
            5,
            1);
    SyncStatistics live =
        new SyncStatistics(0, 1, 1, 0, 0, 0, 0, 7, null, null, null, null, null, 0, 0);
    Map<String, SyncStatistics> sessions = new LinkedHashMap<>();
    sessions.put("ib-paper", paper);
    sessions.put("ib-live", live);

    PnlStatistics paperPnl =
        new PnlStatistics(
            1,
            5000,
            60,
            1,
            420,
            Instant.parse("2026-11-24T09:30:05Z"),
            "PositionStoreException: could not write PnL");
    PnlStatistics total = paperPnl;

    String text =
        StatusText.format(
            sessions,
            paper,
            Map.of("ib-paper", paperPnl),
            total,
            Optional.of("debounceSeconds: must be 0 (no debounce) or more, was -1"),
            new SyncHealth(
                List.of(
                    new SyncHealth.Finding(SyncHealth.Status.WARN, "configuration refused"),
                    new SyncHealth.Finding(SyncHealth.Status.OK, "broker session ib-live: ok"))));

    List<String> lines = text.lines().toList();
    assertThat(lines.get(0)).isEqualTo("Health: WARN");
    assertThat(lines.get(1)).isEqualTo("  WARN     configuration refused");
    assertThat(lines.get(2)).isEqualTo("  OK       broker session ib-live: ok");
    assertThat(lines.get(3)).startsWith("Rejected configuration: debounceSeconds");
    assertThat(lines.get(5))
        .startsWith("Broker")
        .contains("Failed", "Abandoned", "Queued", "Coalesced", "Drift", "Held");
    assertThat(lines.get(6).split("\\s*\\|\\s*"))
        .containsExactly(
            "ib-paper",
            "1",
            "12",
            "10",
            "2",
            "5",
            "1",
            "340",
            "300",
            "3",
            "42",
            "2026-11-24T09:30:00Z",
            "35 ms",
            "CALLBACK",
            "PositionStoreException: could not apply positions");
    assertThat(lines.get(7).split("\\s*\\|\\s*"))
        .containsExactly(
            "ib-live", "0", "1", "1", "0", "0", "0", "0", "0", "0", "7", "-", "-", "-", "-");
    assertThat(lines.get(8)).startsWith("(total)");
    assertThat(lines.get(9)).isEmpty();
    assertThat(lines.get(10)).startsWith("PnL of broker").contains("Updates", "Rows written");
    assertThat(lines.get(11).split("\\s*\\|\\s*"))
        .containsExactly(
            "ib-paper",
            "1",
            "5000",
            "60",
            "1",
            "420",
            "2026-11-24T09:30:05Z",
            "PositionStoreException: could not write PnL");
    assertThat(lines.get(12).split("\\s*\\|\\s*"))
        .containsExactly(
            "(total)",
            "1",
            "5000",
            "60",
            "1",
            "420",
            "2026-11-24T09:30:05Z",
            "PositionStoreException: could not write PnL");
    assertThat(lines).hasSize(13);
  }
}
