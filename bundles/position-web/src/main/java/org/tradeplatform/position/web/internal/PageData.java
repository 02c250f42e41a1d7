package org.tradeplatform.position.web.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tradeplatform.position.api.HeldPosition;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.PositionsAsOf;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * Assembles what the page shows, as maps and lists for {@link Json}: the sync status, one row per
 * session, a page of positions, the last sync runs and the latency of the last hour. Stateless.
 */
final class PageData {

  static final int RUNS = 20;

  private PageData() {}

  static Map<String, Object> of(
      PageQuery query,
      PositionRepository repository,
      PositionSyncStatus status,
      LatencyRing latency,
      Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("generatedAt", now.toString());
    data.put("status", status(status));
    data.put("sessions", sessions(status));
    data.put("positions", positions(query, repository, now));
    data.put("runs", runs(repository.syncRuns(RUNS)));
    data.put("latency", latency(latency, now));
    return data;
  }

  /** The sync status as the sync component reports it; the page adds no evaluation of its own. */
  private static Map<String, Object> status(PositionSyncStatus status) {
    Map<String, SyncStatistics> sessions = status.sessions();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("source", "position sync status");
    summary.put("sessionsBound", sessions.size());
    summary.put("rejectedConfiguration", status.rejectedConfiguration().orElse(null));
    List<Object> failing = new ArrayList<>();
    sessions.forEach(
        (broker, s) -> {
          if (s.lastError() != null) {
            failing.add(broker + ": " + s.lastError());
          }
        });
    summary.put("lastErrors", failing);
    return summary;
  }

  private static List<Object> sessions(PositionSyncStatus status) {
    List<Object> rows = new ArrayList<>();
    status.sessions().forEach((broker, s) -> rows.add(session(broker, s)));
    rows.add(session("(total)", status.total()));
    return rows;
  }

  private static Map<String, Object> session(String broker, SyncStatistics s) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("broker", broker);
    row.put("callbacks", s.registeredCallbacks());
    row.put("started", s.syncsStarted());
    row.put("succeeded", s.syncsSucceeded());
    row.put("failed", s.syncsFailed());
    row.put("abandoned", s.syncsAbandoned());
    row.put("queued", s.syncsQueued());
    row.put("triggers", s.callbackTriggers());
    row.put("coalesced", s.coalescedTriggers());
    row.put("drift", s.drift());
    row.put("held", s.positionsHeld());
    row.put("lastSync", text(s.lastSyncAt()));
    row.put("durationMs", s.lastSyncDuration() == null ? null : s.lastSyncDuration().toMillis());
    row.put("trigger", text(s.lastTrigger()));
    row.put("lastError", s.lastError());
    return row;
  }

  private static Map<String, Object> positions(
      PageQuery query, PositionRepository repository, Instant now) {
    Instant at = query.at().orElse(now);
    PositionsAsOf page =
        repository.positionsAsOf(at, query.account(), query.offset(), query.limit());
    List<Object> rows = new ArrayList<>();
    for (HeldPosition held : page.positions()) {
      var position = held.position();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("account", position.account());
      row.put("conId", position.contract().conId());
      row.put("symbol", position.contract().symbol());
      row.put("secType", position.contract().secType());
      row.put("currency", position.contract().currency());
      row.put("quantity", position.quantity().toPlainString());
      row.put("averageCost", plain(position.averageCost()));
      row.put("heldSince", held.heldSince().map(Instant::toString).orElse("before history"));
      row.put("trigger", held.trigger().map(Enum::name).orElse(null));
      rows.add(row);
    }
    Map<String, Object> positions = new LinkedHashMap<>();
    positions.put("at", at.toString());
    positions.put("asOf", query.at().isPresent());
    positions.put("account", query.account().orElse(null));
    positions.put("offset", page.offset());
    positions.put("limit", query.limit());
    positions.put("more", page.more());
    positions.put("rows", rows);
    return positions;
  }

  private static List<Object> runs(List<SyncRun> runs) {
    List<Object> rows = new ArrayList<>();
    for (SyncRun run : runs) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", run.id());
      row.put("broker", run.brokerId());
      row.put("trigger", text(run.trigger()));
      row.put("startedAt", text(run.startedAt()));
      row.put("finishedAt", text(run.finishedAt()));
      row.put(
          "durationMs",
          run.finishedAt() == null
              ? null
              : Duration.between(run.startedAt(), run.finishedAt()).toMillis());
      row.put("changed", run.inserted() + run.updated() + run.closed());
      row.put("outcome", run.status());
      row.put("error", run.error());
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, Object> latency(LatencyRing ring, Instant now) {
    List<Object> minutes = new ArrayList<>();
    for (LatencyRing.Minute minute : ring.lastHour(now)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("minute", minute.start().toString());
      row.put("count", minute.count());
      row.put("meanMs", minute.meanMillis());
      row.put("maxMs", minute.maxMillis());
      minutes.add(row);
    }
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("since", ring.since().toString());
    latency.put("minutes", minutes);
    return latency;
  }

  private static String plain(BigDecimal value) {
    return Optional.ofNullable(value).map(BigDecimal::toPlainString).orElse(null);
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
