package org.tradeplatform.bench.fuzz;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.ibkr.internal.ConnectionSettings;
import org.tradeplatform.broker.ibkr.internal.IbkrConnection;
import org.tradeplatform.broker.ibkr.internal.PnlSource;
import org.tradeplatform.broker.ibkr.internal.SessionRegistrar;
import org.tradeplatform.broker.ibkr.wire.ClientDecoder;
import org.tradeplatform.broker.ibkr.wire.ClientHello;
import org.tradeplatform.broker.ibkr.wire.ClientRequest;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;
import org.tradeplatform.broker.ibkr.wire.FrameReader;
import org.tradeplatform.broker.ibkr.wire.Handshake;
import org.tradeplatform.broker.ibkr.wire.ManagedAccounts;
import org.tradeplatform.broker.ibkr.wire.NextValidId;
import org.tradeplatform.broker.ibkr.wire.PositionData;
import org.tradeplatform.broker.ibkr.wire.PositionEnd;
import org.tradeplatform.broker.ibkr.wire.RequestPositions;
import org.tradeplatform.broker.ibkr.wire.ServerDecoder;
import org.tradeplatform.broker.ibkr.wire.ServerEncoder;
import org.tradeplatform.broker.ibkr.wire.WireContract;

/**
 * Drives scripted hostile sessions through a real {@link IbkrConnection} over loopback: each
 * session answers the handshake, the accounts and a one-row snapshot, then sends one fuzzed frame.
 * A frame the decoder refuses must make the client drop the socket and connect again; any other
 * frame is followed by the gateway closing the socket, and the client must connect again too. A
 * session where the client neither drops nor reconnects within the watchdog is a hang.
 *
 * <p>One run per instance, on the caller's thread.
 */
final class LiveFuzz {

  /** How one session ended. */
  enum SessionEnd {
    /** The frame was refused; the client dropped the socket and connected again. */
    CLIENT_DROPPED_ON_PROTOCOL_ERROR,
    /**
     * The frame was accepted (or acted on, e.g. code 326); the socket ended and the client came
     * back.
     */
    RECONNECTED_AFTER_ACCEPTED_FRAME,
    /** Watchdog trip: no drop or no reconnect within the bound. */
    HANG
  }

  /** What a run found. */
  record Result(
      long sessions,
      Map<SessionEnd, Long> ends,
      Map<Mutation, Long> byMutation,
      List<String> hangs) {}

  private static final String ACCOUNT = "DU1";
  private static final int VERSION = 187;

  private final long seed;
  private final int sessions;
  private final Duration watchdog;

  LiveFuzz(long seed, int sessions, Duration watchdog) {
    this.seed = seed;
    this.sessions = sessions;
    this.watchdog = watchdog;
  }

  Result run() throws IOException {
    FrameMutator mutator = new FrameMutator(seed);
    Map<SessionEnd, Long> ends = new EnumMap<>(SessionEnd.class);
    Map<Mutation, Long> byMutation = new EnumMap<>(Mutation.class);
    List<String> hangs = new ArrayList<>();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      server.setSoTimeout((int) watchdog.toMillis());
      IbkrConnection client = IbkrConnection.create(settings(server.getLocalPort()), noRegistry());
      client.start();
      try {
        for (int i = 0; i < sessions; i++) {
          FrameMutator.Fuzzed f = liveFrame(mutator);
          byMutation.merge(f.mutation(), 1L, Long::sum);
          SessionEnd end;
          try (Socket socket = server.accept()) {
            end = serve(socket, f);
          } catch (SocketTimeoutException noReconnect) {
            end = SessionEnd.HANG;
          }
          if (end == SessionEnd.HANG && hangs.size() < 10) {
            hangs.add("session " + i + ": " + f.mutation() + " of id " + f.seedMessageId());
          }
          ends.merge(end, 1L, Long::sum);
        }
        try (Socket last = server.accept()) {
          // the client came back after the last session too
        } catch (SocketTimeoutException noReconnect) {
          ends.merge(SessionEnd.HANG, 1L, Long::sum);
          hangs.add("no reconnect after the last session");
        }
      } finally {
        client.close();
      }
    }
    return new Result(sessions, ends, byMutation, hangs);
  }

  /**
   * A fuzzed frame for a live session: the offline verdict must not be a move to another port (code
   * 1300), which would send the client away from this gateway.
   */
  private static FrameMutator.Fuzzed liveFrame(FrameMutator mutator) {
    while (true) {
      FrameMutator.Fuzzed f = mutator.next();
      if (!movesPort(f.frame())) {
        return f;
      }
    }
  }

  private static boolean movesPort(byte[] frame) {
    try {
      byte[] payload = new FrameReader(new java.io.ByteArrayInputStream(frame)).readFrame();
      return payload != null
          && new ServerDecoder(VERSION).decode(payload) instanceof ErrorMessage e
          && e.code() == 1300;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private SessionEnd serve(Socket socket, FrameMutator.Fuzzed f) throws IOException {
    socket.setSoTimeout((int) watchdog.toMillis());
    socket.setTcpNoDelay(true);
    InputStream in = new BufferedInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    ClientHello hello = Handshake.readClientHello(in);
    int version = hello.negotiate(VERSION);
    ServerEncoder encoder = new ServerEncoder(version);
    out.write(encoder.serverHello("20261202 12:00:00 Greenwich Mean Time"));
    FrameReader frames = new FrameReader(in);
    ClientDecoder decoder = new ClientDecoder(version);
    try {
      decoder.decode(frames.readFrame()); // START_API
      out.write(encoder.encode(new ManagedAccounts(List.of(ACCOUNT))));
      out.write(encoder.encode(new NextValidId(1)));
      out.flush();
      ClientRequest r;
      do {
        r = decoder.decode(frames.readFrame());
      } while (!(r instanceof RequestPositions));
      Contract aapl = Contract.stock(265598, "AAPL", "USD");
      out.write(
          encoder.encode(
              new PositionData(ACCOUNT, WireContract.forPosition(aapl), BigDecimal.TEN, 150.0)));
      out.write(encoder.encode(new PositionEnd()));
      out.flush();
    } catch (SocketTimeoutException e) {
      return SessionEnd.HANG;
    }
    boolean refused =
        FrameCheck.check(f.frame(), version).outcome() == FrameCheck.Outcome.PROTOCOL_ERROR;
    out.write(f.frame());
    out.flush();
    if (f.mutation() == Mutation.TRUNCATED) {
      socket.shutdownOutput(); // the end of the stream inside the frame is the protocol error
    }
    if (!refused) {
      return SessionEnd
          .RECONNECTED_AFTER_ACCEPTED_FRAME; // we close; the next accept proves the return
    }
    try {
      while (in.read() >= 0) {
        // the client may still send a request or two before it drops the socket
      }
      return SessionEnd.CLIENT_DROPPED_ON_PROTOCOL_ERROR;
    } catch (SocketTimeoutException e) {
      return SessionEnd.HANG;
    } catch (IOException reset) {
      return SessionEnd.CLIENT_DROPPED_ON_PROTOCOL_ERROR;
    }
  }

  private static ConnectionSettings settings(int port) {
    return new ConnectionSettings(
        "fuzz",
        "127.0.0.1",
        port,
        1,
        Set.of(),
        Duration.ofSeconds(10),
        Duration.ofMillis(1),
        Duration.ofMillis(5),
        Duration.ofMillis(5),
        Duration.ofSeconds(10),
        PnlSource.NONE,
        0);
  }

  private static SessionRegistrar noRegistry() {
    return (session, properties) -> () -> {};
  }
}
