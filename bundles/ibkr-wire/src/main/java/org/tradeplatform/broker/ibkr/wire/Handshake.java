package org.tradeplatform.broker.ibkr.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The connection handshake, before any normal frame: the client sends {@code API\0}, a 4-byte
 * length and the version range text {@code v100..187} (no NUL); the server answers with a normal
 * frame {@code <serverVersion>\0<connectionTime>\0}. Then the client sends START_API.
 */
public final class Handshake {
  private Handshake() {}

  private static final byte[] PREFIX = {'A', 'P', 'I', 0};

  /** Longest version text we accept from a client; real ones are about 20 bytes. */
  static final int MAX_HELLO_TEXT = 1024;

  /** The range our client advertises: IB Java 10.30's, so the server never picks protobuf. */
  public static final ClientHello OUR_CLIENT_HELLO =
      new ClientHello(ServerVersions.MIN_CLIENT_VERSION, ServerVersions.MAX_CLIENT_VERSION, null);

  /** The client's handshake bytes: {@code API\0} + length + {@code v100..187}. */
  public static byte[] clientHello() {
    return clientHello(OUR_CLIENT_HELLO);
  }

  /** The handshake bytes announcing {@code hello}'s range. */
  public static byte[] clientHello(ClientHello hello) {
    byte[] text = hello.versionText().getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[PREFIX.length + FrameReader.HEADER_LENGTH + text.length];
    System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
    int n = text.length;
    out[4] = (byte) (n >>> 24);
    out[5] = (byte) (n >>> 16);
    out[6] = (byte) (n >>> 8);
    out[7] = (byte) n;
    System.arraycopy(text, 0, out, 8, n);
    return out;
  }

  /**
   * Client side: reads the server's hello and checks the negotiated version.
   *
   * @throws EOFException when the server closed the connection before answering
   * @throws UnsupportedServerVersionException when the server chose a version below {@link
   *     ServerVersions#MIN_SUPPORTED} or above what we advertised
   * @throws ProtocolException when the answer is malformed or a redirect
   */
  public static ServerHello readServerHello(FrameReader reader) throws IOException {
    byte[] payload = reader.readFrame();
    if (payload == null) {
      throw new EOFException("connection closed by the server before its handshake reply");
    }
    ServerHello hello = ServerHello.parse(payload);
    checkSupported(hello.serverVersion());
    return hello;
  }

  /**
   * Refuses a server version this client cannot speak, with a message that says what to do.
   *
   * @throws UnsupportedServerVersionException when out of range
   */
  public static void checkSupported(int serverVersion) throws UnsupportedServerVersionException {
    if (serverVersion < ServerVersions.MIN_SUPPORTED) {
      throw new UnsupportedServerVersionException(
          serverVersion,
          "TWS/IB Gateway negotiated server version "
              + serverVersion
              + ", below the minimum "
              + ServerVersions.MIN_SUPPORTED
              + " this client requires (realized PnL in PNL_SINGLE); upgrade TWS or IB Gateway");
    }
    if (serverVersion > ServerVersions.MAX_CLIENT_VERSION) {
      throw new UnsupportedServerVersionException(
          serverVersion,
          "TWS/IB Gateway chose server version "
              + serverVersion
              + ", above the maximum "
              + ServerVersions.MAX_CLIENT_VERSION
              + " this client advertised");
    }
  }

  /**
   * Server side: reads a client's handshake ({@code API\0} + length + version text).
   *
   * @throws EOFException when the client closed before completing it
   * @throws ProtocolException when it is not a TWS API handshake
   */
  public static ClientHello readClientHello(InputStream in) throws IOException {
    byte[] head = new byte[PREFIX.length + FrameReader.HEADER_LENGTH];
    FrameReader.readExactly(in, head, head.length, "the client handshake");
    for (int i = 0; i < PREFIX.length; i++) {
      if (head[i] != PREFIX[i]) {
        throw new ProtocolException("not a TWS API handshake: it does not start with API\\0");
      }
    }
    long length = FrameReader.lengthOf(head, PREFIX.length);
    if (length == 0 || length > MAX_HELLO_TEXT) {
      throw new ProtocolException("handshake version text length " + length + " out of range");
    }
    byte[] text = new byte[(int) length];
    FrameReader.readExactly(in, text, text.length, "the client handshake");
    return parseVersionText(new String(text, StandardCharsets.ISO_8859_1));
  }

  /** Parses {@code v<min>..<max>[ options]} or {@code v<n>[ options]}. */
  static ClientHello parseVersionText(String text) throws ProtocolException {
    String range = text;
    String options = null;
    int space = text.indexOf(' ');
    if (space >= 0) {
      range = text.substring(0, space);
      options = text.substring(space + 1);
    }
    if (!range.startsWith("v")) {
      throw new ProtocolException("handshake version text must start with 'v': " + text);
    }
    String body = range.substring(1);
    int dots = body.indexOf("..");
    try {
      int min = Integer.parseInt(dots < 0 ? body : body.substring(0, dots));
      int max = dots < 0 ? min : Integer.parseInt(body.substring(dots + 2));
      if (min > max) {
        throw new ProtocolException("handshake version range is empty: " + text);
      }
      return new ClientHello(min, max, options);
    } catch (NumberFormatException e) {
      throw new ProtocolException("handshake version text is malformed: " + text, e);
    }
  }

  /** Server side: the hello frame {@code <serverVersion>\0<connectionTime>\0}. */
  public static byte[] serverHello(int serverVersion, String connectionTime) {
    return new FieldWriter()
        .writeInt(serverVersion)
        .writeServerString(connectionTime, true)
        .toFrame();
  }
}
