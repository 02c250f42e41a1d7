package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tradeplatform.position.api.SyncHealth;
import org.tradeplatform.position.api.SyncHealth.Finding;
import org.tradeplatform.position.api.SyncHealth.Status;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * The health rules, the only evaluation of the sync component's health (shell, health check and web
 * page show its result): one line per bound session, CRITICAL when its last successful sync (or its
 * bind, before the first) is older than twice the periodic interval, WARN when its last sync
 * failed; WARN when a configuration was refused, sync is disabled or no session is bound.
 * Stateless.
 */
final class SyncHealthEvaluator {
  private SyncHealthEvaluator() {}

  /**
   * One bound session as health sees it.
   *
   * @param brokerId the session's {@code broker.id}
   * @param boundAt when it was bound
   * @param statistics its counters now
   */
  record SessionState(String brokerId, Instant boundAt, SyncStatistics statistics) {}

  static SyncHealth evaluate(
      SyncSettings settings,
      Optional<String> rejectedConfiguration,
      List<SessionState> sessions,
      Instant now) {
    List<Finding> findings = new ArrayList<>();
    rejectedConfiguration.ifPresent(
        why ->
            findings.add(
                new Finding(
                    Status.WARN,
                    "configuration refused, the previous one is still in use: "
                        + why
                        + " (correct etc/"
                        + PositionSyncConfig.PID
                        + ".cfg)")));
    if (!settings.enabled()) {
      findings.add(
          new Finding(
              Status.WARN,
              "position sync is disabled (enabled=false): the table is not kept current; set"
                  + " enabled=true when it should be"));
      return new SyncHealth(findings);
    }
    if (sessions.isEmpty()) {
      findings.add(
          new Finding(
              Status.WARN,
              "no broker session is bound: see the gateway connection check and ibkr:status"));
    }
    Duration limit = settings.periodicInterval().multipliedBy(2);
    for (SessionState session : sessions) {
      findings.add(session(session, limit, now));
    }
    return new SyncHealth(findings);
  }

  private static Finding session(SessionState session, Duration limit, Instant now) {
    SyncStatistics s = session.statistics();
    String name = "broker session " + session.brokerId();
    Instant since = s.lastSuccessAt() != null ? s.lastSuccessAt() : session.boundAt();
    Duration age = Duration.between(since, now);
    String failure = s.lastError() == null ? "" : "; last error: " + s.lastError();
    if (age.compareTo(limit) > 0) {
      return new Finding(
          Status.CRITICAL,
          name
              + ": no successful sync since "
              + at(since)
              + " ("
              + age.toSeconds()
              + " s, limit "
              + limit.toSeconds()
              + " s)"
              + failure
              + "; the table may be stale: check the database, the log and position:status");
    }
    if (s.lastError() != null) {
      return new Finding(
          Status.WARN,
          name
              + ": the last sync failed at "
              + (s.lastSyncAt() == null ? "?" : at(s.lastSyncAt()))
              + failure
              + "; it is retried with backoff, last success "
              + (s.lastSuccessAt() == null ? "none yet" : at(s.lastSuccessAt())));
    }
    return new Finding(
        Status.OK,
        name
            + ": last successful sync "
            + (s.lastSuccessAt() == null ? "pending since bind at " + at(since) : at(since))
            + ", "
            + s.positionsHeld()
            + " positions held");
  }

  private static String at(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
