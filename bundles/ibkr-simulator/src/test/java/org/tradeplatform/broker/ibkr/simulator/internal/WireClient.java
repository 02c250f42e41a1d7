package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.tradeplatform.broker.ibkr.wire.ClientEncoder;
import org.tradeplatform.broker.ibkr.wire.ClientHello;
import org.tradeplatform.broker.ibkr.wire.ClientRequest;
import org.tradeplatform.broker.ibkr.wire.FrameReader;
import org.tradeplatform.broker.ibkr.wire.FrameWriter;
import org.tradeplatform.broker.ibkr.wire.Handshake;
import org.tradeplatform.broker.ibkr.wire.ServerDecoder;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;
import org.tradeplatform.broker.ibkr.wire.StartApi;

/** A bare protocol client for poking the simulator in tests. */
final class WireClient implements AutoCloseable {
  final Socket socket;
  final FrameReader reader;
  final FrameWriter writer;
  final int serverVersion;
  final List<byte[]> rawFrames = new ArrayList<>();
  private final ClientEncoder encoder;
  private final ServerDecoder decoder;

  WireClient(int port, ClientHello hello, int clientId) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));
    writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream()));
    writer.write(Handshake.clientHello(hello));
    serverVersion = Handshake.readServerHello(reader).serverVersion();
    encoder = new ClientEncoder(serverVersion);
    decoder = new ServerDecoder(serverVersion);
    send(new StartApi(clientId, null));
  }

  WireClient(int port, int clientId) throws IOException {
    this(port, Handshake.OUR_CLIENT_HELLO, clientId);
  }

  void send(ClientRequest request) throws IOException {
    writer.write(encoder.encode(request));
  }

  /** The next message, or null at end of stream. */
  ServerMessage next() throws IOException {
    byte[] payload = reader.readFrame();
    if (payload == null) {
      return null;
    }
    rawFrames.add(payload);
    return decoder.decode(payload);
  }

  /** Reads until a message matches; returns everything read, the match last. */
  List<ServerMessage> readUntil(Predicate<ServerMessage> last) throws IOException {
    List<ServerMessage> read = new ArrayList<>();
    ServerMessage m;
    while ((m = next()) != null) {
      read.add(m);
      if (last.test(m)) {
        return read;
      }
    }
    throw new IOException("stream ended before the expected message; read " + read);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
