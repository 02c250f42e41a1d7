package org.tradeplatform.broker.ibkr.wire;

/**
 * Decodes a client's request frames; the simulator's side of {@link ClientEncoder}. Requests
 * outside the read-only subset raise {@link UnknownMessageException}, which a simulator may answer
 * with an error and survive. Thread-safe (stateless).
 */
public final class ClientDecoder {
  private final int serverVersion;

  /**
   * @param serverVersion the negotiated server version (100..200)
   */
  public ClientDecoder(int serverVersion) {
    this.serverVersion = ServerVersions.requireTextProtocol(serverVersion);
  }

  public int serverVersion() {
    return serverVersion;
  }

  /** Decodes one payload (without the length prefix). */
  public ClientRequest decode(byte[] payload) throws ProtocolException {
    return decode(payload, 0, payload.length);
  }

  /**
   * Decodes one payload held in {@code buf[offset, offset + length)}.
   *
   * @throws UnknownMessageException for a well-framed request outside the subset
   * @throws ProtocolException for a malformed frame
   */
  public ClientRequest decode(byte[] buf, int offset, int length) throws ProtocolException {
    FieldReader r = new FieldReader(buf, offset, length);
    int id = r.readInt("messageId");
    OutgoingMessage type = OutgoingMessage.byId(id);
    if (type == null) {
      throw new UnknownMessageException(id);
    }
    if (type.hasVersionField()) {
      r.skip("version");
    }
    switch (type) {
      case START_API:
        {
          int clientId = r.readInt("clientId");
          String capabilities =
              serverVersion >= ServerVersions.OPTIONAL_CAPABILITIES && r.hasField()
                  ? r.readString("optionalCapabilities")
                  : null;
          return new StartApi(clientId, capabilities);
        }
      case REQ_IDS:
        return new RequestIds(r.readInt("numIds"));
      case REQ_CURRENT_TIME:
        return new RequestCurrentTime();
      case REQ_POSITIONS:
        return new RequestPositions();
      case CANCEL_POSITIONS:
        return new CancelPositions();
      case REQ_POSITIONS_MULTI:
        return new RequestPositionsMulti(
            r.readInt("reqId"), r.readString("account"), r.readString("modelCode"));
      case CANCEL_POSITIONS_MULTI:
        return new CancelPositionsMulti(r.readInt("reqId"));
      case REQ_ACCOUNT_DATA:
        return new RequestAccountUpdates(r.readBoolean("subscribe"), r.readString("accountCode"));
      case REQ_PNL_SINGLE:
        return new RequestPnlSingle(
            r.readInt("reqId"),
            r.readString("account"),
            r.readString("modelCode"),
            r.readInt("conId"));
      case CANCEL_PNL_SINGLE:
        return new CancelPnlSingle(r.readInt("reqId"));
      default:
        throw new UnknownMessageException(id);
    }
  }
}
