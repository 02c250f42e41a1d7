package org.tradeplatform.broker.ibkr.wire;

/**
 * A well-framed server message this library does not decode (open orders, news bulletins, ...):
 * skipped, never an error.
 *
 * @param messageId the id found in the frame
 */
public record SkippedMessage(int messageId) implements ServerMessage {}
