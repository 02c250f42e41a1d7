package org.tradeplatform.broker.ibkr.wire;

/**
 * The server's first frame after the client's handshake: the negotiated server version and the
 * server's connection time (an opaque display string such as {@code 20250601 09:30:00 Greenwich
 * Mean Time}).
 *
 * @param serverVersion the version the server chose; governs every message afterwards
 * @param connectionTime the server's clock as text, {@code null} if absent
 */
public record ServerHello(int serverVersion, String connectionTime) {

  /** The server version field value that means "redirect" (iServer only). */
  public static final int REDIRECT = -1;

  /**
   * Parses the hello payload. A redirect ({@code -1}) is refused: this client does not follow
   * redirects.
   */
  public static ServerHello parse(byte[] payload) throws ProtocolException {
    FieldReader reader = new FieldReader(payload, 0, payload.length);
    int version = reader.readInt("serverVersion");
    String time = reader.hasField() ? reader.readString("connectionTime") : null;
    if (version == REDIRECT) {
      throw new ProtocolException("server asked for a redirect to " + time + "; not supported");
    }
    return new ServerHello(version, time);
  }
}
