package org.tradeplatform.position.sync.internal.shell;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.sync.internal.HealthReport;

/** The text of {@code position:status}: one column per broker session, then the total. */
final class StatusText {
  private StatusText() {}

  static String format(
      Map<String, SyncStatistics> sessions,
      SyncStatistics total,
      Optional<String> rejectedConfiguration,
      HealthReport health) {
    String n = System.lineSeparator();
    StringBuilder text = new StringBuilder();
    text.append("Health: ").append(health.status()).append(n);
    for (String message : health.messages()) {
      text.append("  ").append(message).append(n);
    }
    text.append("Rejected configuration: ")
        .append(rejectedConfiguration.orElse("none"))
        .append(n)
        .append(n);
    TextTable table =
        new TextTable(
            "Broker",
            "Callbacks",
            "Started",
            "Succeeded",
            "Failed",
            "Triggers",
            "Coalesced",
            "Drift",
            "Held",
            "Last sync",
            "Duration",
            "Trigger",
            "Last error");
    sessions.forEach((brokerId, statistics) -> add(table, brokerId, statistics));
    add(table, "(total)", total);
    return text.append(table).toString();
  }

  private static void add(TextTable table, String name, SyncStatistics s) {
    table.row(
        name,
        s.registeredCallbacks(),
        s.syncsStarted(),
        s.syncsSucceeded(),
        s.syncsFailed(),
        s.callbackTriggers(),
        s.coalescedTriggers(),
        s.drift(),
        s.positionsHeld(),
        s.lastSyncAt(),
        millis(s.lastSyncDuration()),
        s.lastTrigger(),
        s.lastError());
  }

  private static String millis(Duration duration) {
    return duration == null ? null : duration.toMillis() + " ms";
  }
}
