package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The health rules: WARN when nothing can be synced (disabled, no broker session) or a
 * configuration was refused; CRITICAL when a bound session has not synced successfully for twice
 * the periodic interval.
 */
final class SyncHealthEvaluator {
  private SyncHealthEvaluator() {}

  /**
   * One bound session as health sees it.
   *
   * @param brokerId the session's {@code broker.id}
   * @param boundAt when it was bound
   * @param lastSuccessAt its last successful sync, {@code null} if none yet
   * @param lastError its last failure, {@code null} if the last sync succeeded
   */
  record SessionState(String brokerId, Instant boundAt, Instant lastSuccessAt, String lastError) {}

  static HealthReport evaluate(
      SyncSettings settings,
      Optional<String> rejectedConfiguration,
      List<SessionState> sessions,
      Instant now) {
    HealthStatus status = HealthStatus.OK;
    List<String> messages = new ArrayList<>();
    if (rejectedConfiguration.isPresent()) {
      status = HealthStatus.WARN;
      messages.add(
          "configuration refused, previous one still in use: " + rejectedConfiguration.get());
    }
    if (!settings.enabled()) {
      status = HealthStatus.WARN;
      messages.add("position sync is disabled (enabled=false)");
      return new HealthReport(status, messages);
    }
    if (sessions.isEmpty()) {
      status = HealthStatus.WARN;
      messages.add("no broker session is bound");
    }
    Duration limit = settings.periodicInterval().multipliedBy(2);
    for (SessionState session : sessions) {
      Instant since = session.lastSuccessAt() != null ? session.lastSuccessAt() : session.boundAt();
      Duration age = Duration.between(since, now);
      if (age.compareTo(limit) > 0) {
        status = HealthStatus.CRITICAL;
        messages.add(
            "no successful sync of broker session "
                + session.brokerId()
                + " for "
                + age.toSeconds()
                + " s (limit "
                + limit.toSeconds()
                + " s)"
                + (session.lastError() == null ? "" : "; last error: " + session.lastError()));
      }
    }
    return new HealthReport(status, messages);
  }
}
