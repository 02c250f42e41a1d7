package org.tradeplatform.position.repository.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of PostgreSQL that counts round trips: the client messages after
 * which the driver waits for the server. That is every Sync (extended protocol), and a simple Query
 * unless more of the same write follows it (the driver sends its BEGIN as a simple Query in front
 * of the first statement, without waiting). Statements sent together count once.
 */
final class RoundTripCounter implements AutoCloseable {

  private static final int SSL_REQUEST = 80877103;
  private static final int GSS_REQUEST = 80877104;

  private final ServerSocket server;
  private final int targetPort;
  private final AtomicLong roundTrips = new AtomicLong();

  RoundTripCounter(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "round-trip-counter");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  long roundTrips() {
    return roundTrips.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket database = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        database.setTcpNoDelay(true);
        daemon(() -> countingCopy(client.getInputStream(), database.getOutputStream()));
        daemon(() -> copy(database.getInputStream(), client.getOutputStream()));
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** Copies client to server message by message, counting the ones the client waits after. */
  private void countingCopy(InputStream from, OutputStream to) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(from, 1 << 16));
    boolean started = false;
    while (true) {
      byte type = started ? in.readByte() : 0;
      int length = in.readInt();
      byte[] body = new byte[length - 4];
      in.readFully(body);
      if (started) {
        to.write(type);
      }
      writeInt(to, length);
      to.write(body);
      if (!started) {
        int code =
            ((body[0] & 0xff) << 24)
                | ((body[1] & 0xff) << 16)
                | ((body[2] & 0xff) << 8)
                | (body[3] & 0xff);
        // encryption requests come before the startup message; everything after it is typed
        started = code != SSL_REQUEST && code != GSS_REQUEST;
      } else if (type == 'S') {
        roundTrips.incrementAndGet();
      }
      if (in.available() == 0) {
        to.flush();
      }
    }
  }

  private static void copy(InputStream from, OutputStream to) throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = from.read(buffer)) >= 0; ) {
      to.write(buffer, 0, n);
      to.flush();
    }
  }

  private static void writeInt(OutputStream out, int value) throws IOException {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  private interface Pump {
    void run() throws IOException;
  }

  private static void daemon(Pump pump) {
    Thread thread =
        new Thread(
            () -> {
              try {
                pump.run();
              } catch (IOException ended) {
                // either side closed the connection
              }
            },
            "round-trip-counter-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
