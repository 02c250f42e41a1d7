package org.tradeplatform.position.api;

import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.tradeplatform.broker.api.Decimals;
import org.tradeplatform.broker.api.Position;

/**
 * One stored position that a sync changed.
 *
 * @param kind what happened to the row
 * @param position the position as now stored (quantity zero when closed)
 * @param oldQuantity the quantity stored before, {@code null} for a new row
 */
public record PositionChange(Kind kind, Position position, @Nullable BigDecimal oldQuantity) {

  /** What happened to a stored row. */
  public enum Kind {
    /** A position never stored before. */
    INSERTED,
    /** Quantity, average cost or contract fields changed. */
    UPDATED,
    /** Closed: quantity zero, reported or missing from a complete snapshot. */
    CLOSED,
    /** A closed position that the broker reports again. */
    REOPENED
  }

  public PositionChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(position, "position");
    oldQuantity = Decimals.normalize(oldQuantity);
  }

  public BigDecimal newQuantity() {
    return position.quantity();
  }
}
