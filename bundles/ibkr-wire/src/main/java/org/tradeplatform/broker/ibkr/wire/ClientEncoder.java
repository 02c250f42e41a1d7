package org.tradeplatform.broker.ibkr.wire;

/**
 * Encodes the client's requests into frames for the negotiated server version. It accepts only
 * {@link ClientRequest}s, a sealed set of read-only requests, and writes message ids only from
 * {@link OutgoingMessage}: the client cannot send an order by construction.
 *
 * <p>Strings must be printable ASCII (plus TAB, LF, CR), as IB's own client requires (its error
 * 579); anything else is an {@link IllegalArgumentException}. Thread-safe (stateless).
 */
public final class ClientEncoder {
  private final int serverVersion;

  /**
   * @param serverVersion the negotiated server version (100..200)
   */
  public ClientEncoder(int serverVersion) {
    this.serverVersion = ServerVersions.requireTextProtocol(serverVersion);
  }

  public int serverVersion() {
    return serverVersion;
  }

  /**
   * The complete frame (length prefix included) of one request.
   *
   * @throws IllegalStateException when the server version is too old for the request
   * @throws IllegalArgumentException when a string holds a character IB refuses
   */
  public byte[] encode(ClientRequest request) {
    OutgoingMessage type = request.type();
    if (serverVersion < type.minServerVersion()) {
      throw new IllegalStateException(
          type + " needs server version " + type.minServerVersion() + ", have " + serverVersion);
    }
    FieldWriter w = start(type);
    if (request instanceof StartApi r) {
      w.writeInt(r.clientId());
      if (serverVersion >= ServerVersions.OPTIONAL_CAPABILITIES) {
        w.writeClientString("optionalCapabilities", r.optionalCapabilities());
      }
    } else if (request instanceof RequestIds r) {
      w.writeInt(r.numIds());
    } else if (request instanceof RequestPositionsMulti r) {
      w.writeInt(r.reqId())
          .writeClientString("account", r.account())
          .writeClientString("modelCode", r.modelCode());
    } else if (request instanceof CancelPositionsMulti r) {
      w.writeInt(r.reqId());
    } else if (request instanceof RequestAccountUpdates r) {
      // acctCode has been sent since server version 9, so always here.
      w.writeBoolean(r.subscribe()).writeClientString("accountCode", r.accountCode());
    } else if (request instanceof RequestPnlSingle r) {
      w.writeInt(r.reqId())
          .writeClientString("account", r.account())
          .writeClientString("modelCode", r.modelCode())
          .writeInt(r.conId());
    } else if (request instanceof CancelPnlSingle r) {
      w.writeInt(r.reqId());
    }
    // RequestCurrentTime, RequestPositions and CancelPositions carry only id and version.
    return w.toFrame();
  }

  /** The only place a message id is written: it must come from {@link OutgoingMessage}. */
  private static FieldWriter start(OutgoingMessage type) {
    FieldWriter w = new FieldWriter(64);
    w.writeInt(type.id());
    if (type.hasVersionField()) {
      w.writeInt(type.version());
    }
    return w;
  }
}
