package org.tradeplatform.position.repository.internal;

import org.tradeplatform.broker.api.Position;

/**
 * A row of the positions table as read before a write: the position fields and whether it is
 * closed.
 */
record StoredRow(Position position, boolean closed) {}
