package org.tradeplatform.broker.ibkr.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Consumer;
import org.tradeplatform.broker.ibkr.wire.CancelPnlSingle;
import org.tradeplatform.broker.ibkr.wire.CancelPositions;
import org.tradeplatform.broker.ibkr.wire.CancelPositionsMulti;
import org.tradeplatform.broker.ibkr.wire.ClientEncoder;
import org.tradeplatform.broker.ibkr.wire.ClientRequest;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;
import org.tradeplatform.broker.ibkr.wire.FrameReader;
import org.tradeplatform.broker.ibkr.wire.FrameWriter;
import org.tradeplatform.broker.ibkr.wire.Handshake;
import org.tradeplatform.broker.ibkr.wire.ManagedAccounts;
import org.tradeplatform.broker.ibkr.wire.NextValidId;
import org.tradeplatform.broker.ibkr.wire.PnlSingle;
import org.tradeplatform.broker.ibkr.wire.PortfolioValue;
import org.tradeplatform.broker.ibkr.wire.PositionData;
import org.tradeplatform.broker.ibkr.wire.PositionEnd;
import org.tradeplatform.broker.ibkr.wire.PositionMulti;
import org.tradeplatform.broker.ibkr.wire.PositionMultiEnd;
import org.tradeplatform.broker.ibkr.wire.ProtocolException;
import org.tradeplatform.broker.ibkr.wire.RequestAccountUpdates;
import org.tradeplatform.broker.ibkr.wire.RequestCurrentTime;
import org.tradeplatform.broker.ibkr.wire.RequestIds;
import org.tradeplatform.broker.ibkr.wire.RequestPnlSingle;
import org.tradeplatform.broker.ibkr.wire.RequestPositions;
import org.tradeplatform.broker.ibkr.wire.RequestPositionsMulti;
import org.tradeplatform.broker.ibkr.wire.ServerDecoder;
import org.tradeplatform.broker.ibkr.wire.ServerHello;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;
import org.tradeplatform.broker.ibkr.wire.StartApi;

/** A gateway socket spoken through the embedded wire library. */
final class WireTransport implements GatewayTransport, GatewayRequests {
  private final Socket socket;
  private final FrameReader reader;
  private final FrameWriter writer;
  private final int serverVersion;
  private final ClientEncoder encoder;

  private WireTransport(Socket socket, FrameReader reader, FrameWriter writer, int serverVersion) {
    this.socket = socket;
    this.reader = reader;
    this.writer = writer;
    this.serverVersion = serverVersion;
    this.encoder = new ClientEncoder(serverVersion);
  }

  /** Connects and handshakes within {@code timeout}; refuses server versions below 135. */
  static GatewayTransport open(String host, int port, Duration timeout, Consumer<Closeable> pending)
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
      return new WireTransport(socket, reader, writer, hello.serverVersion());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public int serverVersion() {
    return serverVersion;
  }

  @Override
  public GatewayRequests requests() {
    return this;
  }

  @Override
  public void readLoop(GatewayEvents events) throws IOException {
    ServerDecoder decoder = new ServerDecoder(serverVersion);
    for (byte[] payload; (payload = reader.readFrame()) != null; ) {
      events.frameReceived();
      dispatch(decoder.decode(payload), events);
    }
  }

  private static void dispatch(ServerMessage m, GatewayEvents events) throws ProtocolException {
    try {
      if (m instanceof PositionData p) {
        events.position(p.toPosition());
      } else if (m instanceof PnlSingle p) {
        events.pnlSingle(
            p.reqId(),
            p.position(),
            p.dailyPnlDecimal(),
            p.unrealizedPnlDecimal(),
            p.realizedPnlDecimal(),
            p.valueDecimal());
      } else if (m instanceof PortfolioValue v) {
        if (v.accountName() != null && v.contract() != null) {
          events.portfolioValue(
              v.accountName(),
              v.contract().conId(),
              v.marketPriceDecimal(),
              v.marketValueDecimal(),
              v.unrealizedPnlDecimal(),
              v.realizedPnlDecimal());
        }
      } else if (m instanceof PositionEnd) {
        events.positionEnd();
      } else if (m instanceof PositionMulti p) {
        events.positionMulti(p.reqId(), p.toPosition());
      } else if (m instanceof PositionMultiEnd e) {
        events.positionMultiEnd(e.reqId());
      } else if (m instanceof ErrorMessage e) {
        events.error(e.id(), e.code(), e.message());
      } else if (m instanceof NextValidId n) {
        events.nextValidId(n.orderId());
      } else if (m instanceof ManagedAccounts a) {
        events.managedAccounts(a.accounts());
      }
    } catch (IllegalArgumentException e) {
      // A row we cannot represent would make a snapshot silently partial: refuse the stream.
      throw new ProtocolException("unusable message " + m.messageId() + ": " + e.getMessage(), e);
    }
  }

  private void send(ClientRequest request) throws IOException {
    writer.write(encoder.encode(request));
  }

  @Override
  public void startApi(int clientId) throws IOException {
    send(new StartApi(clientId, null));
  }

  @Override
  public void requestIds() throws IOException {
    send(new RequestIds(1));
  }

  @Override
  public void requestCurrentTime() throws IOException {
    send(new RequestCurrentTime());
  }

  @Override
  public void requestPositions() throws IOException {
    send(new RequestPositions());
  }

  @Override
  public void cancelPositions() throws IOException {
    send(new CancelPositions());
  }

  @Override
  public void requestPositionsMulti(int reqId, String account) throws IOException {
    send(new RequestPositionsMulti(reqId, account, null));
  }

  @Override
  public void cancelPositionsMulti(int reqId) throws IOException {
    send(new CancelPositionsMulti(reqId));
  }

  @Override
  public void requestAccountUpdates(boolean subscribe, String account) throws IOException {
    send(new RequestAccountUpdates(subscribe, account));
  }

  @Override
  public void requestPnlSingle(int reqId, String account, long conId) throws IOException {
    send(new RequestPnlSingle(reqId, account, null, Math.toIntExact(conId)));
  }

  @Override
  public void cancelPnlSingle(int reqId) throws IOException {
    send(new CancelPnlSingle(reqId));
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
