package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.tradeplatform.broker.ibkr.simulator.api.FaultInjector;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.MalformedFrame;
import org.tradeplatform.broker.ibkr.simulator.api.ScriptedTrade;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/**
 * The simulator: a loopback TCP gateway speaking the TWS API protocol for the positions/PnL subset.
 * State changes and the frames they cause are ordered by one lock, so a client always sees a
 * snapshot followed by the changes made after it; the frames themselves are written by each
 * client's own writer thread.
 */
public final class SimulatedGateway implements GatewaySimulator, FaultInjector {
  private static final double UNSET = Double.MAX_VALUE;

  private final SimulatorSettings settings;
  private final SimulatorWire wire;
  private final Object lock = new Object();
  private final Ledger ledger;
  private final List<ClientSession> sessions = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessionNumbers = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong clientIdRejections = new AtomicLong();
  private final AtomicLong restarts = new AtomicLong();
  private final AtomicLong nextOrderId = new AtomicLong(1);
  private final Map<Integer, Integer> rejectedClientIds = new HashMap<>();
  private final RandomWalk randomWalk;
  private final ScriptPlayer scriptPlayer;

  private volatile ServerSocket server;
  private volatile Thread acceptor;
  private volatile int port;
  private volatile boolean closed;
  private volatile long stallUntilNanos;
  private int cutAfterRows = -1;
  private int cutsLeft;

  private SimulatedGateway(SimulatorSettings settings, SimulatorWire wire) {
    this.settings = settings;
    this.wire = wire;
    this.ledger = new Ledger(settings.accounts());
    this.randomWalk = new RandomWalk(this, settings.seed());
    this.scriptPlayer = new ScriptPlayer(this);
  }

  /** Starts a simulator (see {@link GatewaySimulator#start}). */
  public static SimulatedGateway start(SimulatorSettings settings) throws IOException {
    SimulatedGateway gateway = new SimulatedGateway(settings, new WireProtocol());
    gateway.listen(settings.port());
    if (settings.randomWalkTradesPerSecond() > 0) {
      gateway.randomWalk(settings.randomWalkTradesPerSecond());
    }
    return gateway;
  }

  private void listen(int requestedPort) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getByName(settings.host()), requestedPort), 50);
    server = s;
    port = s.getLocalPort();
    Thread t = new Thread(() -> acceptLoop(s), "ibkr-sim-acceptor-" + port);
    t.setDaemon(true);
    acceptor = t;
    t.start();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket socket = s.accept();
        accepted.incrementAndGet();
        ClientSession session =
            new ClientSession(this, socket, wire, sessionNumbers.incrementAndGet());
        sessions.add(session);
        if (s.isClosed()) {
          session.close();
        }
        session.start();
      } catch (SocketException closedNow) {
        return;
      } catch (IOException e) {
        // accept failed for one client; keep listening
      }
    }
  }

  int preferredServerVersion() {
    return settings.serverVersion();
  }

  // ------------------------------------------------------------------ requests

  void handle(ClientSession client, ClientRequest request) {
    synchronized (lock) {
      ServerFrames f = client.frames();
      if (request instanceof ClientRequest.StartApi s) {
        startApi(client, f, s.clientId());
      } else if (client.clientId() < 0) {
        return; // nothing is served before START_API
      } else if (request instanceof ClientRequest.RequestIds) {
        client.send(f.nextValidId(nextOrderId.get()));
      } else if (request instanceof ClientRequest.RequestCurrentTime) {
        client.send(f.currentTime(System.currentTimeMillis() / 1000));
      } else if (request instanceof ClientRequest.RequestPositions) {
        sendPositions(client, f);
      } else if (request instanceof ClientRequest.CancelPositions) {
        client.positionsSubscribed = false;
      } else if (request instanceof ClientRequest.RequestPositionsMulti r) {
        sendPositionsMulti(client, f, r);
      } else if (request instanceof ClientRequest.CancelPositionsMulti r) {
        client.positionsMulti.remove(r.reqId());
      } else if (request instanceof ClientRequest.RequestAccountUpdates r) {
        accountUpdates(client, f, r);
      } else if (request instanceof ClientRequest.RequestPnlSingle r) {
        pnlSingle(client, f, r);
      } else if (request instanceof ClientRequest.CancelPnlSingle r) {
        client.pnlSingle.remove(r.reqId());
      }
      // anything else is ignored, as a gateway ignores what this simulator does not model
    }
  }

  private void startApi(ClientSession client, ServerFrames f, int clientId) {
    Integer rejections = rejectedClientIds.get(clientId);
    boolean inUse =
        sessions.stream().anyMatch(s -> s != client && !s.isClosed() && s.clientId() == clientId);
    if (inUse || (rejections != null && rejections > 0)) {
      if (rejections != null) {
        rejectedClientIds.put(clientId, rejections - 1);
      }
      clientIdRejections.incrementAndGet();
      client.send(
          f.error(
              -1,
              326,
              "Unable to connect as the client id is already in use. Retry with a unique client id."));
      client.closeAfterQueued();
      return;
    }
    client.setClientId(clientId);
    client.send(f.managedAccounts(ledger.accounts()));
    client.send(f.nextValidId(nextOrderId.get()));
    client.send(f.error(-1, 2104, "Market data farm connection is OK:usfarm"));
    client.send(f.error(-1, 2106, "HMDS data farm connection is OK:ushmds"));
    client.send(f.error(-1, 2158, "Sec-def data farm connection is OK:secdefil"));
  }

  private void sendPositions(ClientSession client, ServerFrames f) {
    int cut = takeCut();
    int sent = 0;
    for (Holding h : ledger.rows()) {
      if (cut >= 0 && sent >= cut) {
        client.closeAfterQueued();
        return;
      }
      client.send(f.position(h.account(), h.contract(), h.quantity(), h.averageCost()));
      sent++;
    }
    if (cut >= 0 && sent >= cut) {
      client.closeAfterQueued();
      return;
    }
    client.send(f.positionEnd());
    client.positionsSubscribed = true;
  }

  private void sendPositionsMulti(
      ClientSession client, ServerFrames f, ClientRequest.RequestPositionsMulti r) {
    int cut = takeCut();
    int sent = 0;
    List<Holding> rows =
        r.account() == null || r.account().isEmpty() ? ledger.rows() : ledger.rows(r.account());
    for (Holding h : rows) {
      if (cut >= 0 && sent >= cut) {
        client.closeAfterQueued();
        return;
      }
      client.send(
          f.positionMulti(
              r.reqId(), h.account(), h.contract(), h.quantity(), h.averageCost(), r.modelCode()));
      sent++;
    }
    if (cut >= 0 && sent >= cut) {
      client.closeAfterQueued();
      return;
    }
    client.send(f.positionMultiEnd(r.reqId()));
    client.positionsMulti.put(r.reqId(), r.account() == null ? "" : r.account());
  }

  private int takeCut() {
    if (cutsLeft == 0) {
      return -1;
    }
    cutsLeft--;
    return cutAfterRows;
  }

  private void accountUpdates(
      ClientSession client, ServerFrames f, ClientRequest.RequestAccountUpdates r) {
    if (!r.subscribe()) {
      client.accountUpdates = null;
      return;
    }
    if (!ledger.hasAccount(r.account())) {
      client.send(f.error(-1, 321, "Error validating request: unknown account " + r.account()));
      return;
    }
    if (client.accountUpdates != null && !client.accountUpdates.equals(r.account())) {
      client.send(f.error(-1, 2100, "API client has been unsubscribed from account data."));
    }
    client.accountUpdates = r.account();
    BigDecimal netLiq = BigDecimal.valueOf(1_000_000);
    for (Holding h : ledger.rows(r.account())) {
      netLiq = netLiq.add(marketValue(h));
    }
    client.send(f.accountValue("accountReady", "true", null, r.account()));
    client.send(f.accountValue("NetLiquidation", netLiq.toPlainString(), "USD", r.account()));
    for (Holding h : ledger.rows(r.account())) {
      client.send(portfolioFrame(f, h));
    }
    client.send(
        f.accountUpdateTime(
            LocalTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm"))));
    client.send(f.accountDownloadEnd(r.account()));
  }

  private void pnlSingle(ClientSession client, ServerFrames f, ClientRequest.RequestPnlSingle r) {
    client.pnlSingle.put(r.reqId(), new ClientSession.PnlKey(r.account(), r.conId()));
    Holding h = ledger.get(r.account(), r.conId());
    if (h != null) {
      client.send(pnlFrame(f, r.reqId(), h)); // IB sends nothing for a contract not held
    }
  }

  // ------------------------------------------------------------------ streaming

  /** Streams a changed row to every subscriber; called under the lock. */
  private void publish(Holding h) {
    for (ClientSession c : sessions) {
      ServerFrames f = c.frames();
      if (f == null || c.clientId() < 0) {
        continue;
      }
      if (c.positionsSubscribed) {
        c.send(f.position(h.account(), h.contract(), h.quantity(), h.averageCost()));
      }
      c.positionsMulti.forEach(
          (reqId, account) -> {
            if (account.isEmpty() || account.equals(h.account())) {
              c.send(
                  f.positionMulti(
                      reqId, h.account(), h.contract(), h.quantity(), h.averageCost(), ""));
            }
          });
      publishPnl(c, f, h);
    }
  }

  private void publishPnl(ClientSession c, ServerFrames f, Holding h) {
    if (h.account().equals(c.accountUpdates)) {
      c.send(portfolioFrame(f, h));
    }
    c.pnlSingle.forEach(
        (reqId, key) -> {
          if (key.account().equals(h.account()) && key.conId() == h.contract().conId()) {
            c.send(pnlFrame(f, reqId, h));
          }
        });
  }

  private byte[] portfolioFrame(ServerFrames f, Holding h) {
    BigDecimal price = ledger.marketPrice(h.contract(), h.averageCost());
    BigDecimal value = marketValue(h);
    BigDecimal unrealized = value.subtract(h.quantity().multiply(h.averageCost()));
    return f.portfolioValue(
        h.contract(),
        h.quantity(),
        price.doubleValue(),
        value.doubleValue(),
        h.averageCost().doubleValue(),
        unrealized.doubleValue(),
        h.realizedPnl().doubleValue(),
        h.account());
  }

  private byte[] pnlFrame(ServerFrames f, int reqId, Holding h) {
    BigDecimal value = marketValue(h);
    BigDecimal unrealized = value.subtract(h.quantity().multiply(h.averageCost()));
    double realized = h.realizedPnl().signum() == 0 ? UNSET : h.realizedPnl().doubleValue();
    return f.pnlSingle(
        reqId,
        h.quantity(),
        unrealized.doubleValue(),
        unrealized.doubleValue(),
        realized,
        value.doubleValue());
  }

  private BigDecimal marketValue(Holding h) {
    return h.quantity()
        .multiply(ledger.marketPrice(h.contract(), h.averageCost()))
        .multiply(h.contract().multiplierValue());
  }

  // ------------------------------------------------------------------ control API

  @Override
  public String host() {
    return settings.host();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public int serverVersion() {
    return settings.serverVersion();
  }

  @Override
  public List<String> accounts() {
    return settings.accounts();
  }

  @Override
  public int connectedClients() {
    return (int) sessions.stream().filter(s -> !s.isClosed() && s.clientId() >= 0).count();
  }

  @Override
  public long acceptedConnections() {
    return accepted.get();
  }

  @Override
  public long clientIdRejections() {
    return clientIdRejections.get();
  }

  @Override
  public void setPosition(SimulatedPosition position) {
    synchronized (lock) {
      publish(ledger.set(position));
    }
  }

  @Override
  public SimulatedPosition trade(
      String account, SimulatedContract contract, BigDecimal quantity, BigDecimal price) {
    synchronized (lock) {
      Holding h = ledger.trade(account, contract, quantity, price);
      publish(h);
      return h.toPosition();
    }
  }

  @Override
  public void setMarketPrice(long conId, BigDecimal price) {
    synchronized (lock) {
      ledger.setMarketPrice(conId, price);
      for (Holding h : ledger.rows()) {
        if (h.contract().conId() == conId) {
          for (ClientSession c : sessions) {
            if (c.frames() != null && c.clientId() >= 0) {
              publishPnl(c, c.frames(), h);
            }
          }
        }
      }
    }
  }

  @Override
  public List<SimulatedPosition> book() {
    synchronized (lock) {
      return ledger.open();
    }
  }

  @Override
  public List<SimulatedPosition> book(String account) {
    synchronized (lock) {
      return ledger.open().stream().filter(p -> p.account().equals(account)).toList();
    }
  }

  @Override
  public void play(List<ScriptedTrade> script, double tradesPerSecond) {
    scriptPlayer.play(script, tradesPerSecond);
  }

  @Override
  public int scriptRemaining() {
    return scriptPlayer.remaining();
  }

  @Override
  public void randomWalk(double tradesPerSecond) {
    randomWalk.setRate(tradesPerSecond);
  }

  @Override
  public FaultInjector faults() {
    return this;
  }

  @Override
  public void restart() throws IOException {
    synchronized (this) {
      stopListening();
      synchronized (lock) {
        ledger.dropFlat();
      }
      listen(port);
      restarts.incrementAndGet();
    }
  }

  @Override
  public long restarts() {
    return restarts.get();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      randomWalk.stop();
      scriptPlayer.stop();
      stopListening();
    }
  }

  private void stopListening() {
    ServerSocket s = server;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    Thread a = acceptor;
    if (a != null) {
      try {
        a.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dropAndJoin();
  }

  private void dropAndJoin() {
    List<ClientSession> all = new ArrayList<>(sessions);
    all.forEach(ClientSession::close);
    all.forEach(ClientSession::closeAndJoin);
    sessions.removeAll(all);
  }

  void sessionEnded(ClientSession session) {
    sessions.remove(session);
  }

  void awaitStallEnd() throws InterruptedException {
    long left;
    while ((left = stallUntilNanos - System.nanoTime()) > 0 && !closed) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
    }
  }

  // ------------------------------------------------------------------ faults

  @Override
  public void dropConnections() {
    dropAndJoin();
  }

  @Override
  public void dropAfterSnapshotRows(int rows, int answers) {
    if (rows < 0 || answers < 0) {
      throw new IllegalArgumentException("rows and answers must not be negative");
    }
    synchronized (lock) {
      cutAfterRows = rows;
      cutsLeft = answers;
    }
  }

  @Override
  public void sendError(int code, String message) {
    synchronized (lock) {
      for (ClientSession c : sessions) {
        if (c.frames() != null && c.clientId() >= 0) {
          if (code == 1101) {
            // "data lost": like the real gateway, every subscription of the client is gone
            c.positionsSubscribed = false;
            c.positionsMulti.clear();
            c.accountUpdates = null;
            c.pnlSingle.clear();
          }
          c.send(c.frames().error(-1, code, message));
        }
      }
    }
  }

  @Override
  public void announcePortReset(int newPort) {
    sendError(
        1300,
        "TWS socket port has been reset and this connection is being dropped. Please reconnect on the new port - "
            + newPort);
    synchronized (lock) {
      sessions.forEach(ClientSession::closeAfterQueued);
    }
  }

  @Override
  public void sendMalformedFrame(MalformedFrame kind) {
    byte[] frame =
        switch (kind) {
          case OVERSIZED_LENGTH ->
              ByteBuffer.allocate(8)
                  .putInt(0x7FFF_FFF0)
                  .put("61\0".getBytes(StandardCharsets.US_ASCII))
                  .put((byte) 0)
                  .array();
          case GARBLED_NUMBER ->
              frame(
                  "61\0"
                      + "3\0"
                      + settings.accounts().get(0)
                      + "\0notanumber\0AAPL\0STK\0\0"
                      + "0.0\0\0\0NASDAQ\0USD\0AAPL\0NMS\0"
                      + "100\0"
                      + "1.0\0");
          case MISSING_TERMINATOR -> frame("62\0" + "1");
        };
    synchronized (lock) {
      for (ClientSession c : sessions) {
        if (c.clientId() >= 0) {
          c.send(frame);
        }
      }
    }
  }

  private static byte[] frame(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
  }

  @Override
  public void stall(Duration duration) {
    stallUntilNanos = System.nanoTime() + duration.toNanos();
  }

  @Override
  public void rejectClientId(int clientId, int connections) {
    synchronized (lock) {
      rejectedClientIds.put(clientId, connections);
    }
  }

  @Override
  public String toString() {
    return "GatewaySimulator["
        + settings.host()
        + ":"
        + port
        + ", v"
        + settings.serverVersion()
        + ", accounts "
        + settings.accounts()
        + "]";
  }
}
