package org.tradeplatform.position.operations.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.ResultLog;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncHealth;

/**
 * The sync-freshness check's result: the sync component's own health evaluation ({@link
 * PositionSyncStatus#health()}, also shown by {@code position:status}), one log entry per finding
 * with its status and message unchanged; CRITICAL when the sync component is not running. Adds no
 * rule of its own, so the check and the shell cannot disagree. Stateless.
 */
final class SyncFreshness {
  private SyncFreshness() {}

  /**
   * @param status the sync component's status service, empty while it is not registered
   */
  static ResultLog evaluate(Optional<PositionSyncStatus> status) {
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
    for (SyncHealth.Finding finding : status.get().health().findings()) {
      log.add(new ResultLog.Entry(status(finding.status()), finding.message()));
    }
    return log;
  }

  private static Status status(SyncHealth.Status status) {
    switch (status) {
      case OK:
        return Status.OK;
      case WARN:
        return Status.WARN;
      default:
        return Status.CRITICAL;
    }
  }

  static String at(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
