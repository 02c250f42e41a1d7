package org.tradeplatform.position.repository.internal;

import java.math.BigDecimal;
import org.tradeplatform.broker.api.Position;

/**
 * One existing row to rewrite: its new values, the quantity stored before (for history) and whether
 * it ends up closed.
 */
record RowWrite(Position position, BigDecimal oldQuantity, boolean closed) {}
