package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One connected client: a reader thread that handshakes and serves requests, and a writer thread
 * that drains the outgoing queue (so a slow client never blocks the gateway, and a stall can hold
 * frames back without holding any lock).
 */
final class ClientSession {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ClientSession.class);

  private static final byte[] CLOSE = new byte[0];

  private final SimulatedGateway gateway;
  private final Socket socket;
  private final SimulatorWire wire;
  private final int number;
  private final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
  private final Thread reader;
  private Thread writer;

  private volatile boolean closed;
  private volatile int serverVersion;
  private volatile ServerFrames frames;
  private volatile int clientId = -1;

  // guarded by the gateway's lock
  boolean positionsSubscribed;
  String accountUpdates;
  final Map<Integer, String> positionsMulti = new ConcurrentHashMap<>();
  final Map<Integer, PnlKey> pnlSingle = new ConcurrentHashMap<>();

  record PnlKey(String account, long conId) {}

  ClientSession(SimulatedGateway gateway, Socket socket, SimulatorWire wire, int number) {
    this.gateway = gateway;
    this.socket = socket;
    this.wire = wire;
    this.number = number;
    this.reader = new Thread(this::readLoop, "ibkr-sim-client-" + number);
    this.reader.setDaemon(true);
  }

  void start() {
    reader.start();
  }

  int serverVersion() {
    return serverVersion;
  }

  int clientId() {
    return clientId;
  }

  boolean isClosed() {
    return closed;
  }

  ServerFrames frames() {
    return frames;
  }

  /** Queues a frame; ignored once the session is closing. */
  void send(byte[] frame) {
    if (!closed) {
      outgoing.add(frame);
    }
  }

  /** Queues a close after the frames already queued (used to cut a snapshot). */
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
      serverVersion = wire.acceptHandshake(in, out, gateway.preferredServerVersion());
      frames = wire.frames(serverVersion);
      Thread w = new Thread(() -> writeLoop(out), "ibkr-sim-writer-" + number);
      w.setDaemon(true);
      writer = w;
      if (closed) {
        return;
      }
      w.start();
      ClientRequest request;
      while (!closed && (request = wire.readRequest(in, serverVersion)) != null) {
        gateway.handle(this, request);
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or sent something we cannot read: close, as a gateway does
      if (!closed) {
        LOG.info("Simulator closes {}: {}", this, e.toString());
      }
    } finally {
      close();
      gateway.sessionEnded(this);
    }
  }

  private void writeLoop(OutputStream out) {
    try {
      while (true) {
        byte[] frame = outgoing.take();
        if (frame == CLOSE) {
          break;
        }
        gateway.awaitStallEnd();
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

  void setClientId(int id) {
    this.clientId = id;
  }

  @Override
  public String toString() {
    return "client#" + number + "(id " + clientId + ", v" + serverVersion + ")";
  }
}
