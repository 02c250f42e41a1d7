package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.ibkr.wire.ClientDecoder;
import org.tradeplatform.broker.ibkr.wire.ClientHello;
import org.tradeplatform.broker.ibkr.wire.FrameReader;
import org.tradeplatform.broker.ibkr.wire.Handshake;
import org.tradeplatform.broker.ibkr.wire.ServerEncoder;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;
import org.tradeplatform.broker.ibkr.wire.UnknownMessageException;

/**
 * One connected client: a reader thread that handshakes and hands each decoded request to the
 * {@link RequestHandler}, and a writer thread that drains the outgoing queue (so a slow client
 * never blocks the gateway, and a stall can hold frames back without holding any lock).
 *
 * <p>Threads: the subscription fields are guarded by the simulator's lock; the queue and the
 * volatile fields are safe from any thread.
 */
final class ClientSession {
  private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
  private static final DateTimeFormatter CONNECTION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd HH:mm:ss", Locale.ROOT);
  private static final byte[] CLOSE = new byte[0];

  private final Socket socket;
  private final int number;
  private final int preferredVersion;
  private final RequestHandler handler;
  private final Faults faults;
  private final Consumer<ClientSession> ended;
  private final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
  private final Thread reader;
  private Thread writer;

  private volatile boolean closed;
  private volatile ServerEncoder encoder;
  private volatile int clientId = -1;

  // guarded by the simulator's lock
  boolean positionsSubscribed;
  Optional<String> accountUpdates = Optional.empty();
  final Map<Integer, String> positionsMulti = new ConcurrentHashMap<>();
  final Map<Integer, PnlKey> pnlSingle = new ConcurrentHashMap<>();

  record PnlKey(String account, long conId) {}

  ClientSession(
      Socket socket,
      int number,
      int preferredVersion,
      RequestHandler handler,
      Faults faults,
      Consumer<ClientSession> ended) {
    this.socket = socket;
    this.number = number;
    this.preferredVersion = preferredVersion;
    this.handler = handler;
    this.faults = faults;
    this.ended = ended;
    this.reader = new Thread(this::readLoop, "ibkr-sim-client-" + number);
    this.reader.setDaemon(true);
  }

  void start() {
    reader.start();
  }

  int clientId() {
    return clientId;
  }

  void setClientId(int id) {
    this.clientId = id;
  }

  /** True once the client sent START_API and the session is still open. */
  boolean isServing() {
    return !closed && clientId >= 0;
  }

  boolean isClosed() {
    return closed;
  }

  /** Queues a message in the layout of the negotiated version; ignored once closing. */
  void send(ServerMessage message) {
    if (!closed) {
      outgoing.add(encoder.encode(message));
    }
  }

  /** Queues a frame as it is (a malformed one). */
  void sendRaw(byte[] frame) {
    if (!closed) {
      outgoing.add(frame);
    }
  }

  /** Queues a close after the frames already queued (used to cut an answer). */
  void closeAfterQueued() {
    outgoing.add(CLOSE);
  }

  /** Closes the socket now; the threads end on their own. */
  void close() {
    closed = true;
    outgoing.add(CLOSE);
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Closes and waits (bounded) for both threads. */
  void closeAndJoin() {
    close();
    join(reader);
    Thread w = writer;
    if (w != null) {
      join(w);
    }
  }

  private static void join(Thread t) {
    if (t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readLoop() {
    try {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      int version = handshake(in, out);
      Thread w = new Thread(() -> writeLoop(out), "ibkr-sim-writer-" + number);
      w.setDaemon(true);
      writer = w;
      if (closed) {
        return;
      }
      w.start();
      FrameReader frames = new FrameReader(in);
      ClientDecoder decoder = new ClientDecoder(version);
      for (byte[] payload; !closed && (payload = frames.readFrame()) != null; ) {
        try {
          handler.handle(this, decoder.decode(payload));
        } catch (UnknownMessageException e) {
          // answered with nothing, as a gateway ignores what it does not serve
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or sent something we cannot read: close, as a gateway does
      if (!closed) {
        LOG.info("Simulator closes {}: {}", this, e.toString());
      }
    } finally {
      close();
      ended.accept(this);
    }
  }

  /** Reads {@code API\0} and the version range, answers the version and connection time. */
  private int handshake(InputStream in, OutputStream out) throws IOException {
    ClientHello hello = Handshake.readClientHello(in);
    int version = hello.negotiate(preferredVersion);
    encoder = new ServerEncoder(version);
    String time =
        ZonedDateTime.now(ZoneOffset.UTC).format(CONNECTION_TIME) + " Greenwich Mean Time";
    out.write(encoder.serverHello(time));
    out.flush();
    return version;
  }

  private void writeLoop(OutputStream out) {
    try {
      while (true) {
        byte[] frame = outgoing.take();
        if (frame == CLOSE) {
          break;
        }
        faults.awaitStallEnd();
        out.write(frame);
        if (outgoing.isEmpty()) {
          out.flush();
        }
      }
    } catch (IOException e) {
      // client gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  @Override
  public String toString() {
    return "client#" + number + "(id " + clientId + ")";
  }
}
