package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts client sockets on the simulator's port and keeps the connected clients; stops listening
 * and listens again on the same port for a restart.
 *
 * <p>Threads: one acceptor thread per listening socket; the client list is copy-on-write; {@link
 * #listen} and {@link #stop} are called by the simulator under its own monitor.
 */
final class Acceptor {

  /** Makes the session of one accepted socket. */
  interface ClientFactory {
    ClientSession create(Socket socket, int number, Acceptor acceptor);
  }

  private final String host;
  private final ClientFactory factory;
  private final List<ClientSession> clients = new CopyOnWriteArrayList<>();
  private final AtomicInteger numbers = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private volatile ServerSocket server;
  private volatile Thread thread;
  private volatile int port;

  Acceptor(String host, ClientFactory factory) {
    this.host = host;
    this.factory = factory;
  }

  /** Listens on {@code requestedPort} (0: any free port). */
  void listen(int requestedPort) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getByName(host), requestedPort), 50);
    server = s;
    port = s.getLocalPort();
    Thread t = new Thread(() -> acceptLoop(s), "ibkr-sim-acceptor-" + port);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  int port() {
    return port;
  }

  long accepted() {
    return accepted.get();
  }

  List<ClientSession> clients() {
    return clients;
  }

  int servingClients() {
    return (int) clients.stream().filter(ClientSession::isServing).count();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket socket = s.accept();
        accepted.incrementAndGet();
        ClientSession client = factory.create(socket, numbers.incrementAndGet(), this);
        clients.add(client);
        if (s.isClosed()) {
          client.close();
        }
        client.start();
      } catch (SocketException closedNow) {
        return;
      } catch (IOException e) {
        // accept failed for one client; keep listening
      }
    }
  }

  void ended(ClientSession client) {
    clients.remove(client);
  }

  /** Closes the listening socket and every client, and waits for their threads. */
  void stop() {
    ServerSocket s = server;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dropClients();
  }

  /** Closes every client now and waits for their threads. */
  void dropClients() {
    List<ClientSession> all = new ArrayList<>(clients);
    all.forEach(ClientSession::close);
    all.forEach(ClientSession::closeAndJoin);
    clients.removeAll(all);
  }
}
