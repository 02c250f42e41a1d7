package org.tradeplatform.position.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One page of the positions the store held at an instant, ordered by account and contract id.
 *
 * @param at the instant asked for
 * @param offset how many held positions come before this page
 * @param positions the page, at most the limit asked for
 * @param more whether further held positions follow this page
 */
public record PositionsAsOf(Instant at, int offset, List<HeldPosition> positions, boolean more) {

  public PositionsAsOf {
    Objects.requireNonNull(at, "at");
    positions = List.copyOf(Objects.requireNonNull(positions, "positions"));
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
  }
}
