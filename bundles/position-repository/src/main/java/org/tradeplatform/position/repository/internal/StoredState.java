package org.tradeplatform.position.repository.internal;

import java.util.Map;
import org.tradeplatform.broker.api.PositionKey;

/**
 * What a write read from the database before deciding: the stored rows it may have to change, and
 * how many stored rows were confirmed equal by value to their report while reading (those are never
 * materialised: an unchanged book costs no objects).
 *
 * @param rows stored rows that differ from their report or were not reported
 * @param confirmed stored open rows equal to their report
 */
record StoredState(Map<PositionKey, StoredRow> rows, int confirmed) {}
