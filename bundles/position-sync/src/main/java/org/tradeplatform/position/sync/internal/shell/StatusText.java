package org.tradeplatform.position.sync.internal.shell;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.sync.internal.HealthReport;
import org.tradeplatform.position.sync.internal.PnlStatistics;

/**
 * The text of {@code position:status}: health, then one row per broker session and the total for
 * position syncs, then the same for PnL writes (their own path, their own counters).
 */
final class StatusText {
  private StatusText() {}

  static String format(
      Map<String, SyncStatistics> sessions,
      SyncStatistics total,
      Map<String, PnlStatistics> pnlSessions,
      PnlStatistics pnlTotal,
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
            "Abandoned",
            "Queued",
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
    text.append(table).append(n);
    TextTable pnl =
        new TextTable(
            "PnL of broker",
            "Listeners",
            "Updates",
            "Writes",
            "Failed",
            "Rows written",
            "Last write",
            "Last error");
    pnlSessions.forEach((brokerId, statistics) -> add(pnl, brokerId, statistics));
    add(pnl, "(total)", pnlTotal);
    return text.append(pnl).toString();
  }

  private static void add(TextTable table, String name, PnlStatistics s) {
    table.row(
        name,
        s.registeredListeners(),
        s.updatesReceived(),
        s.writes(),
        s.writesFailed(),
        s.rowsWritten(),
        s.lastWriteAt(),
        s.lastError());
  }

  private static void add(TextTable table, String name, SyncStatistics s) {
    table.row(
        name,
        s.registeredCallbacks(),
        s.syncsStarted(),
        s.syncsSucceeded(),
        s.syncsFailed(),
        s.syncsAbandoned(),
        s.syncsQueued(),
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
