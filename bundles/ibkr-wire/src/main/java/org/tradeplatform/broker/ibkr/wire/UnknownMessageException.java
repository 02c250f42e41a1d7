package org.tradeplatform.broker.ibkr.wire;

/**
 * A client request with a message id outside the read-only subset this library speaks. Thrown by
 * {@link ClientDecoder} (the simulator side), which may answer it with an error message and go on:
 * the frame itself was well formed.
 */
public final class UnknownMessageException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final int messageId;

  public UnknownMessageException(int messageId) {
    super("unknown or unsupported request message id " + messageId);
    this.messageId = messageId;
  }

  /** The message id found in the frame. */
  public int messageId() {
    return messageId;
  }
}
