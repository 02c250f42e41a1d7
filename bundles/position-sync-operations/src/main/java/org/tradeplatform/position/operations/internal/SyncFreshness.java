package org.tradeplatform.position.operations.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.ResultLog;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * The sync-freshness rules, one line per bound session: CRITICAL when a session's last successful
 * sync (or its bind, before the first) is older than twice the periodic interval; WARN when its
 * last sync failed, a configuration was refused, sync is disabled or no session is bound.
 * Stateless.
 */
final class SyncFreshness {
  private SyncFreshness() {}

  /**
   * @param status the sync component's status service, empty while it is not registered
   * @param settings the sync component's configuration
   * @param boundSince when each session was first seen bound, for a session without a success yet
   */
  static ResultLog evaluate(
      Optional<PositionSyncStatus> status,
      SyncConfigurationView settings,
      Function<String, Instant> boundSince,
      Instant now) {
    ResultLog log = new ResultLog();
    if (status.isEmpty()) {
      log.add(
          new ResultLog.Entry(
              Status.CRITICAL,
              "the position sync component is not running, so nothing keeps the table current:"
                  + " start the position-sync bundle (feature:install position-sync) and read its"
                  + " log"));
      return log;
    }
    PositionSyncStatus sync = status.get();
    sync.rejectedConfiguration()
        .ifPresent(
            why ->
                log.add(
                    new ResultLog.Entry(
                        Status.WARN,
                        "configuration refused, the previous one is still in use: "
                            + why
                            + " — correct etc/"
                            + SyncConfigurationView.SYNC_PID
                            + ".cfg")));
    if (!settings.enabled()) {
      log.add(
          new ResultLog.Entry(
              Status.WARN,
              "position sync is disabled (enabled=false): the table is not kept current; set"
                  + " enabled=true when it should be"));
      return log;
    }
    Map<String, SyncStatistics> sessions = new TreeMap<>(sync.sessions());
    if (sessions.isEmpty()) {
      log.add(
          new ResultLog.Entry(
              Status.WARN,
              "no broker session is bound: see the gateway connection check and ibkr:status"));
    }
    Duration limit = settings.periodicInterval().multipliedBy(2);
    for (Map.Entry<String, SyncStatistics> e : sessions.entrySet()) {
      log.add(session(e.getKey(), e.getValue(), limit, boundSince.apply(e.getKey()), now));
    }
    return log;
  }

  private static ResultLog.Entry session(
      String brokerId, SyncStatistics s, Duration limit, Instant boundAt, Instant now) {
    Instant since = s.lastSuccessAt() != null ? s.lastSuccessAt() : boundAt;
    Duration age = Duration.between(since, now);
    String failure = s.lastError() == null ? "" : "; last error: " + s.lastError();
    if (age.compareTo(limit) > 0) {
      return new ResultLog.Entry(
          Status.CRITICAL,
          "broker session "
              + brokerId
              + ": no successful sync since "
              + at(since)
              + " ("
              + age.toSeconds()
              + " s, limit "
              + limit.toSeconds()
              + " s)"
              + failure
              + " — the table may be stale: check the database check, the log and"
              + " position:status");
    }
    if (s.lastError() != null) {
      return new ResultLog.Entry(
          Status.WARN,
          "broker session "
              + brokerId
              + ": the last sync failed at "
              + (s.lastSyncAt() == null ? "?" : at(s.lastSyncAt()))
              + failure
              + "; it is retried with backoff, last success "
              + (s.lastSuccessAt() == null ? "none yet" : at(s.lastSuccessAt())));
    }
    return new ResultLog.Entry(
        Status.OK,
        "broker session "
            + brokerId
            + ": last successful sync "
            + (s.lastSuccessAt() == null ? "pending since bind at " + at(boundAt) : at(since))
            + ", "
            + s.positionsHeld()
            + " positions held");
  }

  static String at(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
