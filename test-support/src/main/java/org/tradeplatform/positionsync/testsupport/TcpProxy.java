package org.tradeplatform.positionsync.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder that makes real network faults: {@link #cut()} resets every connection
 * and refuses new ones (a close the peers see at once); {@link #freeze()} stops forwarding in both
 * directions but keeps every socket open (a partition: the peers see silence, never a close).
 *
 * <p>Concurrency: one acceptor thread and two pump threads per connection; the fault switches are
 * volatile and may be flipped from any thread.
 */
public final class TcpProxy implements AutoCloseable {

  private final int targetPort;
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Object thaw = new Object();
  private volatile boolean cut;
  private volatile boolean frozen;
  private volatile boolean closed;

  /** Listens on {@code listenPort} (0: any free port) and forwards to {@code targetPort}. */
  public TcpProxy(int listenPort, int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Resets every open connection and refuses new ones. */
  public void cut() {
    cut = true;
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
    unfreeze();
  }

  /**
   * Stops forwarding bytes on every connection, open or new, without closing anything, until {@link
   * #restore()}.
   */
  public void freeze() {
    frozen = true;
  }

  /** Accepts and forwards connections again; held bytes of a freeze flow on. */
  public void restore() {
    cut = false;
    unfreeze();
  }

  private void unfreeze() {
    synchronized (thaw) {
      frozen = false;
      thaw.notifyAll();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (cut) {
          client.setSoLinger(true, 0);
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while (awaitThaw() && (n = in.read(buffer)) >= 0) {
                  if (!awaitThaw()) {
                    return;
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the other side went away, cut() reset it, or the proxy closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Blocks while frozen; false once the proxy is closed or cut. */
  private boolean awaitThaw() throws InterruptedException {
    synchronized (thaw) {
      while (frozen && !closed && !cut) {
        thaw.wait();
      }
    }
    return !closed && !cut;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is best effort
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
