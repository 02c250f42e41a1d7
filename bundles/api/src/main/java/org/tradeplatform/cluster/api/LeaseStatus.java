package org.tradeplatform.cluster.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A point-in-time view of this node's claim on one lease.
 *
 * @param brokerId the gateway connection
 * @param state where the claim stands
 * @param since when {@code state} was entered (wall clock, for display)
 * @param holder the node that holds or last took the lease, as the lease table says; empty before
 *     anyone took it or while the table cannot be read
 * @param epoch the lease's epoch as last read (this node's own while {@link LeaseState#HELD})
 * @param lastError why the last attempt to take or renew failed, if it did
 */
public record LeaseStatus(
    String brokerId,
    LeaseState state,
    Instant since,
    Optional<String> holder,
    OptionalLong epoch,
    Optional<String> lastError) {

  public LeaseStatus {
    Objects.requireNonNull(brokerId, "brokerId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(lastError, "lastError");
  }
}
