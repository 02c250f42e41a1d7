package org.tradeplatform.broker.ibkr.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.tradeplatform.broker.ibkr.wire.ClientEncoder;
import org.tradeplatform.broker.ibkr.wire.ClientRequest;
import org.tradeplatform.broker.ibkr.wire.FrameReader;
import org.tradeplatform.broker.ibkr.wire.FrameWriter;
import org.tradeplatform.broker.ibkr.wire.Handshake;
import org.tradeplatform.broker.ibkr.wire.ServerDecoder;
import org.tradeplatform.broker.ibkr.wire.ServerHello;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;

/**
 * One handshaken socket to a gateway, speaking the wire library's records: {@link ClientRequest}s
 * out, {@link ServerMessage}s in.
 *
 * <p>Threads: {@link #write} is called by {@link RequestSender} under its lock only, {@link #read}
 * by the socket's one reader thread only; {@link #close} by any thread, and it makes a blocked
 * {@link #read} fail.
 */
final class GatewaySocket implements Closeable {
  private final Socket socket;
  private final FrameReader reader;
  private final FrameWriter writer;
  private final ClientEncoder encoder;
  private final ServerDecoder decoder;

  private GatewaySocket(Socket socket, FrameReader reader, FrameWriter writer, int serverVersion) {
    this.socket = socket;
    this.reader = reader;
    this.writer = writer;
    this.encoder = new ClientEncoder(serverVersion);
    this.decoder = new ServerDecoder(serverVersion);
  }

  /**
   * Connects and handshakes within {@code timeout}; refuses server versions below 135.
   *
   * @param pending receives the socket as soon as it exists, so that a stop can close it while the
   *     connect or the handshake is still blocked
   */
  static GatewaySocket open(String host, int port, Duration timeout, Consumer<Closeable> pending)
      throws IOException {
    Socket socket = new Socket();
    pending.accept(socket);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    try {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(millis);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      FrameWriter writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream()));
      writer.write(Handshake.clientHello());
      FrameReader reader = new FrameReader(in);
      ServerHello hello = Handshake.readServerHello(reader);
      socket.setSoTimeout(0);
      return new GatewaySocket(socket, reader, writer, hello.serverVersion());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The server version negotiated in the handshake. */
  int serverVersion() {
    return decoder.serverVersion();
  }

  /** Writes one request. */
  void write(ClientRequest request) throws IOException {
    writer.write(encoder.encode(request));
  }

  /**
   * The next message; empty when the gateway closed the socket between two frames.
   *
   * @throws org.tradeplatform.broker.ibkr.wire.ProtocolException on a malformed frame
   */
  Optional<ServerMessage> read() throws IOException {
    byte[] payload = reader.readFrame();
    return payload == null ? Optional.empty() : Optional.of(decoder.decode(payload));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
