package org.tradeplatform.position.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one sync of one broker session did, handed to every {@link SyncObserver}.
 *
 * @param brokerId the session's {@code broker.id}
 * @param trigger what started the sync
 * @param startedAt when the sync started
 * @param duration how long it took, broker answer and store included
 * @param outcome how it ended
 * @param failureReason for {@link SyncOutcome#FAILED} and {@link SyncOutcome#ABANDONED}: why;
 *     otherwise empty
 * @param inserted rows inserted (0 unless it succeeded)
 * @param updated rows updated, reopened rows included
 * @param closed rows closed
 * @param unchanged positions already stored as reported
 * @param heardChanges committed changes that were heard through a broker callback, with their
 *     first-heard and commit instants (empty unless it succeeded)
 */
public record SyncReport(
    String brokerId,
    SyncTrigger trigger,
    Instant startedAt,
    Duration duration,
    SyncOutcome outcome,
    Optional<String> failureReason,
    int inserted,
    int updated,
    int closed,
    int unchanged,
    List<HeardChange> heardChanges) {

  public SyncReport {
    Objects.requireNonNull(brokerId, "brokerId");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(failureReason, "failureReason");
    heardChanges = List.copyOf(Objects.requireNonNull(heardChanges, "heardChanges"));
  }

  /** Rows written: inserted, updated and closed. */
  public int changed() {
    return inserted + updated + closed;
  }
}
