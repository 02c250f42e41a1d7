package org.tradeplatform.broker.ibkr.wire;

/**
 * A message from TWS / IB Gateway to the client, as {@link ServerDecoder} delivers it and {@link
 * ServerEncoder} writes it. Strings are {@code null} where the wire field was empty; doubles are
 * {@code null} where the server sent its unset sentinel; quantities are exact {@code BigDecimal}s.
 */
public sealed interface ServerMessage
    permits ErrorMessage,
        NextValidId,
        ManagedAccounts,
        PositionData,
        PositionEnd,
        PositionMulti,
        PositionMultiEnd,
        PortfolioValue,
        AccountValue,
        AccountUpdateTime,
        AccountDownloadEnd,
        PnlSingle,
        CurrentTime,
        SkippedMessage {

  /** The message id on the wire. */
  int messageId();
}
