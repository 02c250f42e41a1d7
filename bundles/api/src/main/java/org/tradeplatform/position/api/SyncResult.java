package org.tradeplatform.position.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one applied sync changed in the store.
 *
 * @param syncRunId id of the recorded sync run
 * @param inserted rows inserted
 * @param updated rows updated (reopened rows included)
 * @param closed rows closed
 * @param unchanged positions that were already stored as reported
 * @param changes every changed position, in account and contract order
 * @param duration time spent in the store
 */
public record SyncResult(
    long syncRunId,
    int inserted,
    int updated,
    int closed,
    int unchanged,
    List<PositionChange> changes,
    Duration duration) {

  public SyncResult {
    changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
    Objects.requireNonNull(duration, "duration");
  }

  /** Rows written: inserted, updated and closed. */
  public int changed() {
    return inserted + updated + closed;
  }
}
