package org.tradeplatform.position.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.tradeplatform.broker.api.Position;

/**
 * A position as the store held it at an instant (see {@link PositionRepository#positionsAsOf}).
 *
 * @param position account and contract (as stored now: contract fields are not historised), the
 *     quantity held then and the average cost recorded with that quantity ({@code null} when the
 *     change predates history version 1.2 or history itself)
 * @param heldSince when the store took that quantity; empty when it already held it before history
 *     began (the quantity is then the earliest one the store knows for the position)
 * @param trigger what started the sync that wrote that quantity; empty for changes recorded before
 *     version 1.2 and before history began
 */
public record HeldPosition(
    Position position, Optional<Instant> heldSince, Optional<SyncTrigger> trigger) {

  public HeldPosition {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(heldSince, "heldSince");
    Objects.requireNonNull(trigger, "trigger");
  }
}
