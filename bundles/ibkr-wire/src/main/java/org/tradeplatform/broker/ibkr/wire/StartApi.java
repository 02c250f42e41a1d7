package org.tradeplatform.broker.ibkr.wire;

/**
 * START_API (id 71): starts the API session right after the handshake.
 *
 * @param clientId this connection's client id (unique per gateway)
 * @param optionalCapabilities free-form capabilities, usually {@code null} (sent empty)
 */
public record StartApi(int clientId, String optionalCapabilities) implements ClientRequest {
  @Override
  public OutgoingMessage type() {
    return OutgoingMessage.START_API;
  }
}
