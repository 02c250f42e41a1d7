package org.tradeplatform.broker.ibkr.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.PnlListener;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionListener;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;

/**
 * One gateway connection and its lifecycle (DESIGN.md §4): connects off the caller's thread,
 * reconnects forever with exponential backoff and jitter, and publishes its {@link BrokerSession}
 * only while the gateway is usable.
 *
 * <p>Threads: a lifecycle thread owns the state machine, writes the subscriptions and registers or
 * unregisters the session, never while holding a lock. One reader thread per socket decodes frames,
 * keeps the live position book and calls listeners; it hands everything that needs a request or a
 * registration to the lifecycle thread as an event. A {@code positions()} caller writes its own
 * request. Every write passes the rate limiter under one send lock.
 */
public final class IbkrConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IbkrConnection.class);

  /** Logins with more accounts than this cannot use REQ_POSITIONS (IB's documented limit). */
  static final int PLAIN_POSITIONS_ACCOUNT_LIMIT = 50;

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** Silence after which the gateway is probed with REQ_CURRENT_TIME. */
  static final Duration DEFAULT_IDLE_PROBE = Duration.ofSeconds(30);

  private static final Pattern PORT_IN_TEXT = Pattern.compile("(\\d{2,5})\\D*$");

  private final ConnectionSettings settings;
  private final SessionRegistrar registrar;
  private final GatewayTransport.Factory transports;
  private final RequestRateLimiter limiter;
  private final ReconnectBackoff backoff;
  private final Clock clock;
  private final Duration idleProbe;
  private final IbkrBrokerSession session;
  private final PositionBook book = new PositionBook();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicInteger nextReqId = new AtomicInteger(10_000);
  private final AtomicInteger generation = new AtomicInteger();
  private final AtomicLong readyCount = new AtomicLong();
  private final List<PositionListener> positionListeners = new CopyOnWriteArrayList<>();
  private final List<PnlListener> pnlListeners = new CopyOnWriteArrayList<>();
  private final Set<String> warnedOnce = ConcurrentHashMap.newKeySet();

  private volatile ConnectionState state = ConnectionState.DISCONNECTED;
  private volatile Instant stateSince;
  private volatile int serverVersion;
  private volatile int port;
  private volatile Set<String> scope = Set.of();
  private volatile SnapshotRounds rounds = closedRounds();
  private volatile Map<Integer, String> multiSubscriptions = Map.of();
  private volatile Map<Integer, PositionKey> pnlSubscriptions = Map.of();
  private volatile GatewayTransport transport;
  private volatile String lastError;

  /** Permits per window that background requests leave to positions requests. */
  private static final int FOREGROUND_RESERVE = 10;

  private static final Duration BACKGROUND_PAUSE = Duration.ofMillis(20);

  /** Why the reader of the current connection ended, so a failed write names the real cause. */
  private volatile Outcome readerOutcome;

  private volatile boolean stopping;
  private volatile long lastInboundNanos;
  private final AtomicBoolean pnlReconcilePending = new AtomicBoolean();
  private final Object sendLock = new Object();
  private final java.util.concurrent.atomic.AtomicReference<java.io.Closeable> pendingSocket =
      new java.util.concurrent.atomic.AtomicReference<>();
  private Thread lifecycle;

  // lifecycle-thread only
  private SessionRegistrar.Registration registration;
  private volatile boolean perAccountPositions;
  private String accountUpdatesAccount;

  public IbkrConnection(
      ConnectionSettings settings,
      SessionRegistrar registrar,
      GatewayTransport.Factory transports,
      RequestRateLimiter limiter,
      ReconnectBackoff backoff,
      Clock clock) {
    this(settings, registrar, transports, limiter, backoff, clock, DEFAULT_IDLE_PROBE);
  }

  IbkrConnection(
      ConnectionSettings settings,
      SessionRegistrar registrar,
      GatewayTransport.Factory transports,
      RequestRateLimiter limiter,
      ReconnectBackoff backoff,
      Clock clock,
      Duration idleProbe) {
    this.idleProbe = idleProbe;
    this.settings = settings;
    this.registrar = registrar;
    this.transports = transports;
    this.limiter = limiter;
    this.backoff = backoff;
    this.clock = clock;
    this.port = settings.port();
    this.session = new IbkrBrokerSession(this);
    this.stateSince = clock.instant();
  }

  /** Production wiring: real sockets, IB's rate limit, random jitter, system clock. */
  public static IbkrConnection create(ConnectionSettings settings, SessionRegistrar registrar) {
    return create(
        settings,
        registrar,
        new ReconnectBackoff(
            settings.reconnectMin(),
            settings.reconnectMax(),
            () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
  }

  /** Production wiring with a backoff of the caller's (lease mode: fast retries at first). */
  static IbkrConnection create(
      ConnectionSettings settings, SessionRegistrar registrar, ReconnectBackoff backoff) {
    return new IbkrConnection(
        settings,
        registrar,
        WireTransport::open,
        RequestRateLimiter.standard(),
        backoff,
        Clock.systemUTC());
  }

  /** Starts connecting on the lifecycle thread and returns at once. */
  public synchronized void start() {
    if (lifecycle != null) {
      throw new IllegalStateException("already started");
    }
    lifecycle = new Thread(this::runLifecycle, "ibkr-lifecycle-" + settings.brokerId());
    lifecycle.setDaemon(true);
    lifecycle.start();
  }

  /**
   * Stops: withdraws the session, closes the socket and waits for the reader and lifecycle threads
   * to end, so a successor never meets this connection's client id at the gateway.
   */
  @Override
  public void close() {
    Thread thread;
    synchronized (this) {
      thread = lifecycle;
    }
    stopping = true;
    events.add(new Stop());
    GatewayTransport t = transport;
    if (t != null) {
      t.close();
    }
    closeQuietly(pendingSocket.get());
    if (thread != null) {
      // No interrupt: the Stop event and the closed socket wake every wait of the lifecycle
      // thread, and an interrupt could cut short its own wait for the reader thread.
      try {
        thread.join(STOP_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        LOG.warn("IBKR {}: lifecycle thread did not stop within {}", id(), STOP_TIMEOUT);
      }
    }
    setState(ConnectionState.STOPPED);
  }

  /** The session object that is registered while the connection is usable. */
  public BrokerSession session() {
    return session;
  }

  /** A view for {@code ibkr:status}. */
  public ConnectionStatus status(String rejectedConfiguration) {
    return new ConnectionStatus(
        settings.brokerId(),
        state,
        settings.host(),
        port,
        settings.clientId(),
        serverVersion,
        List.copyOf(new TreeSet<>(scope)),
        book.size(),
        positionListeners.size(),
        pnlSubscriptions.size(),
        Math.max(0, readyCount.get() - 1),
        lastError,
        stateSince,
        rejectedConfiguration);
  }

  public ConnectionState state() {
    return state;
  }

  public ConnectionSettings settings() {
    return settings;
  }

  String id() {
    return settings.brokerId();
  }

  Set<String> scope() {
    return scope;
  }

  // ---------------------------------------------------------------- session operations

  CompletionStage<PositionSnapshot> requestPositions() {
    CompletableFuture<PositionSnapshot> answer = new CompletableFuture<>();
    if (state != ConnectionState.CONNECTED) {
      answer.completeExceptionally(
          new IllegalStateException("IBKR " + id() + " is not connected (" + state + ")"));
      return answer;
    }
    // transport is published before rounds, so this transport belongs to these rounds or a newer
    // connection's; a round that cannot be sent is failed when its connection is torn down
    SnapshotRounds current = rounds;
    GatewayTransport t = transport;
    Set<String> accounts = scope;
    try {
      // On the caller's thread, so that a caller who blocks on the answer (say, inside a service
      // bind that the lifecycle thread triggered) cannot wait for the lifecycle thread.
      synchronized (sendLock) {
        SnapshotRound round =
            current.join(
                answer,
                id(),
                accounts,
                perAccountPositions ? newPerAccountRequests(accounts) : null,
                System.nanoTime() + settings.snapshotTimeout().toNanos());
        if (round != null && t != null) {
          sendSnapshotRequests(t, current, round, true);
        }
      }
    } catch (IllegalStateException closed) {
      answer.completeExceptionally(
          new IllegalStateException("IBKR " + id() + " connection closed", closed));
    } catch (IOException e) {
      // the socket is failing: the reader sees it too, and the round fails with the connection
      LOG.debug("IBKR {}: positions request not written: {}", id(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.completeExceptionally(e);
    }
    return answer;
  }

  void addPositionListener(PositionListener listener) {
    if (!positionListeners.contains(listener)) {
      positionListeners.add(listener);
    }
  }

  void removePositionListener(PositionListener listener) {
    positionListeners.remove(listener);
  }

  void addPnlListener(PnlListener listener) {
    if (!pnlListeners.contains(listener)) {
      pnlListeners.add(listener);
    }
  }

  void removePnlListener(PnlListener listener) {
    pnlListeners.remove(listener);
  }

  // ---------------------------------------------------------------- lifecycle thread

  private void runLifecycle() {
    try {
      while (!stopping) {
        boolean immediate = connectAndServe();
        if (stopping) {
          break;
        }
        Duration delay = immediate ? Duration.ZERO : backoff.nextDelay();
        LOG.debug("IBKR {}: next connection attempt in {}", id(), delay);
        pause(delay);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("IBKR {}: lifecycle thread failed", id(), e);
    } finally {
      unregister();
      setState(ConnectionState.STOPPED);
    }
  }

  /** Waits for the backoff delay, waking early only to stop. */
  private void pause(Duration delay) throws InterruptedException {
    long deadline = System.nanoTime() + delay.toNanos();
    long left;
    while (!stopping && (left = deadline - System.nanoTime()) > 0) {
      Event e = events.poll(left, TimeUnit.NANOSECONDS);
      if (e instanceof Stop) {
        return;
      }
    }
  }

  /** One connection from connect to loss; returns true when the next attempt should not wait. */
  private boolean connectAndServe() throws InterruptedException {
    if (stopping) {
      return false;
    }
    int gen = generation.incrementAndGet();
    events.clear();
    setState(ConnectionState.CONNECTING);
    GatewayTransport t;
    try {
      t = transports.open(settings.host(), port, settings.connectTimeout(), pendingSocket::set);
    } catch (IOException e) {
      noteConnectFailure(
          "connect to " + settings.host() + ":" + port + " failed: " + e.getMessage());
      return false;
    }
    transport = t;
    pendingSocket.set(null);
    if (stopping) {
      t.close();
      transport = null;
      return false;
    }
    serverVersion = t.serverVersion();
    lastInboundNanos = System.nanoTime();
    SnapshotRounds connectionRounds = new SnapshotRounds();
    rounds = connectionRounds;
    Thread reader =
        new Thread(() -> readLoop(t, gen, connectionRounds), "ibkr-reader-" + id() + "-" + gen);
    reader.setDaemon(true);
    reader.start();
    Outcome outcome = Outcome.lost("connection closed");
    boolean writeFailed = false;
    readerOutcome = null;
    try {
      send(t, r -> r.startApi(settings.clientId()));
      outcome = awaitReady(t, gen);
      if (outcome == null) {
        outcome = serve(t, gen);
      }
      return outcome.immediate();
    } catch (IOException e) {
      outcome = Outcome.lost("write failed: " + e.getMessage());
      writeFailed = true;
      return false;
    } finally {
      boolean wasReady = registration != null || state == ConnectionState.STALE;
      unregister();
      t.close();
      transport = null;
      reader.join(STOP_TIMEOUT.toMillis());
      if (writeFailed && readerOutcome != null) {
        // The reader usually closed the socket first: its reason is the one worth reporting.
        outcome = readerOutcome;
      }
      for (CompletableFuture<PositionSnapshot> w : connectionRounds.abandon()) {
        w.completeExceptionally(
            new IllegalStateException(
                "IBKR " + id() + " disconnected before the positions answer was complete"));
      }
      multiSubscriptions = Map.of();
      pnlSubscriptions = Map.of();
      setState(ConnectionState.DISCONNECTED);
      if (wasReady) {
        lastError = outcome.describe();
        LOG.info("IBKR {} disconnected from {}:{}: {}", id(), settings.host(), port, lastError);
      } else if (!stopping) {
        noteConnectFailure(outcome.describe());
      }
    }
  }

  /** Waits for nextValidId and managedAccounts; returns null when ready, else why it ended. */
  private Outcome awaitReady(GatewayTransport t, int gen) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
    boolean haveNextId = false;
    List<String> managed = null;
    while (!haveNextId || managed == null) {
      long left = deadline - System.nanoTime();
      Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) {
        return Outcome.lost(
            "gateway sent no "
                + (haveNextId ? "managed accounts" : "next valid id")
                + " within "
                + settings.connectTimeout().toSeconds()
                + " s");
      }
      if (e instanceof Stop) {
        return Outcome.lost("deactivated");
      }
      if (e instanceof Generational g && g.generation() != gen) {
        continue;
      }
      if (e instanceof NextValidId) {
        haveNextId = true;
      } else if (e instanceof ManagedAccounts m) {
        managed = m.accounts();
      } else if (e instanceof Lost l) {
        return l.outcome();
      } else if (e instanceof ErrorCode c) {
        Outcome o = onCode(t, c, false);
        if (o != null) {
          return o;
        }
      }
    }
    becomeReady(t, managed);
    return null;
  }

  private void becomeReady(GatewayTransport t, List<String> managed)
      throws IOException, InterruptedException {
    Set<String> inScope = new TreeSet<>(managed);
    if (!settings.accountFilter().isEmpty()) {
      inScope.retainAll(settings.accountFilter());
      for (String wanted : settings.accountFilter()) {
        if (!managed.contains(wanted) && warnedOnce.add("account " + wanted)) {
          LOG.warn("IBKR {}: configured account {} is not managed by this login", id(), wanted);
        }
      }
    }
    scope = Set.copyOf(inScope);
    book.retainAccounts(scope);
    perAccountPositions = managed.size() > PLAIN_POSITIONS_ACCOUNT_LIMIT;
    startSnapshotRound(t, false);
    subscribePnl(t);
    setState(ConnectionState.CONNECTED);
    register();
    readyCount.incrementAndGet();
    backoff.reset();
    LOG.info(
        "IBKR {} connected to {}:{} (client id {}, server version {}, accounts {}{})",
        id(),
        settings.host(),
        port,
        settings.clientId(),
        serverVersion,
        new TreeSet<>(scope),
        perAccountPositions ? ", per-account positions requests" : "");
  }

  /**
   * Sends a fresh positions request (the subscription's own first answer is one too). With {@code
   * restart} (code 1101) a request in flight is replaced and its callers wait for the new one.
   */
  private void startSnapshotRound(GatewayTransport t, boolean restart)
      throws IOException, InterruptedException {
    SnapshotRounds current = rounds;
    synchronized (sendLock) {
      Map<Integer, String> perAccount = perAccountPositions ? newPerAccountRequests(scope) : null;
      long deadline = System.nanoTime() + settings.snapshotTimeout().toNanos();
      SnapshotRound round =
          restart
              ? current.restart(id(), scope, perAccount, deadline)
              : current.join(null, id(), scope, perAccount, deadline);
      if (round != null) {
        sendSnapshotRequests(t, current, round, restart);
      }
    }
  }

  private Map<Integer, String> newPerAccountRequests(Set<String> accounts) {
    Map<Integer, String> requests = new LinkedHashMap<>();
    for (String account : new TreeSet<>(accounts)) {
      requests.put(nextReqId.incrementAndGet(), account);
    }
    return requests;
  }

  /** Writes a round's requests; called with {@link #sendLock} held. */
  private void sendSnapshotRequests(
      GatewayTransport t, SnapshotRounds owner, SnapshotRound round, boolean cancelFirst)
      throws IOException, InterruptedException {
    if (!round.perAccount()) {
      if (cancelFirst) {
        send(t, GatewayRequests::cancelPositions);
      }
      owner.expectEnd();
      send(t, GatewayRequests::requestPositions);
      return;
    }
    Map<Integer, String> previous = multiSubscriptions;
    multiSubscriptions = round.requests();
    for (Integer reqId : previous.keySet()) {
      send(t, r -> r.cancelPositionsMulti(reqId));
    }
    for (Map.Entry<Integer, String> e : round.requests().entrySet()) {
      send(t, r -> r.requestPositionsMulti(e.getKey(), e.getValue()));
    }
  }

  /** Serves a ready connection until it is lost or the component stops. */
  private Outcome serve(GatewayTransport t, int gen) throws InterruptedException, IOException {
    long probeSentAt = 0;
    boolean probing = false;
    while (!stopping) {
      long now = System.nanoTime();
      long silence = now - lastInboundNanos;
      if (probing && lastInboundNanos - probeSentAt >= 0) {
        probing = false;
      }
      if (!probing && silence >= idleProbe.toNanos()) {
        probing = true;
        probeSentAt = now;
        send(t, GatewayRequests::requestCurrentTime);
      } else if (probing && now - probeSentAt >= settings.connectTimeout().toNanos()) {
        return Outcome.lost(
            "gateway silent: no answer to a probe within "
                + settings.connectTimeout().toSeconds()
                + " s");
      }
      Long deadline = rounds.nextDeadline();
      long tick = Math.min(TimeUnit.SECONDS.toNanos(1), Math.max(1, idleProbe.toNanos() / 4));
      long wait =
          deadline == null ? tick : Math.max(0, Math.min(tick, deadline - System.nanoTime()));
      Event e = events.poll(wait, TimeUnit.NANOSECONDS);
      List<CompletableFuture<PositionSnapshot>> expired = rounds.expire(System.nanoTime());
      if (!expired.isEmpty()) {
        for (CompletableFuture<PositionSnapshot> w : expired) {
          w.completeExceptionally(
              new TimeoutException(
                  "IBKR "
                      + id()
                      + ": positions answer not complete within "
                      + settings.snapshotTimeout().toSeconds()
                      + " s"));
        }
        // The gateway did not finish a request it always answers: start over on a new socket,
        // so that a late end marker can never complete a later request.
        return Outcome.lost("positions request timed out");
      }
      if (e == null) {
        continue;
      }
      if (e instanceof Stop) {
        return Outcome.lost("deactivated");
      }
      if (e instanceof Generational g && g.generation() != gen) {
        continue;
      }
      if (e instanceof Lost l) {
        return l.outcome();
      } else if (e instanceof ErrorCode c) {
        Outcome o = onCode(t, c, true);
        if (o != null) {
          return o;
        }
      } else if (e instanceof ReconcilePnl) {
        pnlReconcilePending.set(false);
        reconcilePnlSubscriptions(t);
      }
    }
    return Outcome.lost("deactivated");
  }

  /** Acts on an IB code; returns non-null when the connection must end. */
  private Outcome onCode(GatewayTransport t, ErrorCode c, boolean ready)
      throws IOException, InterruptedException {
    switch (c.code()) {
      case 326 -> {
        if (warnedOnce.add("326")) {
          LOG.warn(
              "IBKR {}: client id {} is already in use at {}:{}; backing off before retrying",
              id(),
              settings.clientId(),
              settings.host(),
              port);
        }
        return Outcome.backoff("client id " + settings.clientId() + " already in use", 326);
      }
      case 1300 -> {
        Matcher m = PORT_IN_TEXT.matcher(c.message() == null ? "" : c.message());
        if (m.find()) {
          int newPort = Integer.parseInt(m.group(1));
          if (newPort > 0 && newPort <= 65535) {
            port = newPort;
            return Outcome.immediate("gateway moved its API socket to port " + newPort, 1300);
          }
        }
        LOG.warn("IBKR {}: code 1300 without a port number: {}", id(), c.message());
        return null;
      }
      case 1100 -> {
        if (ready && state == ConnectionState.CONNECTED) {
          setState(ConnectionState.STALE);
          unregister();
          lastError = "gateway lost its connection to IB (code 1100)";
          LOG.info(
              "IBKR {}: gateway lost its connection to IB (IB code 1100); session withdrawn", id());
        }
        return null;
      }
      case 1101 -> {
        if (ready) {
          LOG.info(
              "IBKR {}: gateway connectivity restored, data lost (IB code 1101); resubscribing",
              id());
          resubscribeAll(t);
          setState(ConnectionState.CONNECTED);
          register();
        }
        return null;
      }
      case 1102 -> {
        if (ready) {
          if (state == ConnectionState.STALE) {
            LOG.info("IBKR {}: gateway connectivity restored, data kept (IB code 1102)", id());
          }
          setState(ConnectionState.CONNECTED);
          register();
        }
        return null;
      }
      default -> {
        logCode(c);
        return null;
      }
    }
  }

  private void logCode(ErrorCode c) {
    boolean information = c.code() >= 2100 && c.code() < 2200;
    if (information) {
      LOG.debug("IBKR {}: information {}: {}", id(), c.code(), c.message());
    } else if (warnedOnce.add("code " + c.code())) {
      LOG.warn("IBKR {}: gateway error {} (id {}): {}", id(), c.code(), c.id(), c.message());
      lastError = "IB code " + c.code() + ": " + c.message();
    } else {
      LOG.debug("IBKR {}: gateway error {} (id {}): {}", id(), c.code(), c.id(), c.message());
    }
    if (c.id() > 0) {
      for (CompletableFuture<PositionSnapshot> w : rounds.refuse(c.id())) {
        w.completeExceptionally(
            new IllegalStateException(
                "IBKR "
                    + id()
                    + ": gateway refused a positions request: IB code "
                    + c.code()
                    + ": "
                    + c.message()));
      }
    }
    if (c.id() > 0 && pnlSubscriptions.containsKey(c.id())) {
      Map<Integer, PositionKey> subs = new ConcurrentHashMap<>(pnlSubscriptions);
      subs.remove(c.id());
      pnlSubscriptions = Map.copyOf(subs);
    }
  }

  /** Code 1101: every subscription is gone at the gateway; cancel and ask again. */
  private void resubscribeAll(GatewayTransport t) throws IOException, InterruptedException {
    startSnapshotRound(t, true);
    if (accountUpdatesAccount != null) {
      String account = accountUpdatesAccount;
      send(t, r -> r.requestAccountUpdates(false, account));
      send(t, r -> r.requestAccountUpdates(true, account));
    }
    Map<Integer, PositionKey> previous = pnlSubscriptions;
    pnlSubscriptions = Map.of();
    for (Integer reqId : previous.keySet()) {
      send(t, r -> r.cancelPnlSingle(reqId));
    }
    reconcilePnlSubscriptions(t);
  }

  private void subscribePnl(GatewayTransport t) throws IOException, InterruptedException {
    accountUpdatesAccount = null;
    if (settings.pnlSource() == PnlSource.ACCOUNT_UPDATES && !scope.isEmpty()) {
      String account = new TreeSet<>(scope).first();
      accountUpdatesAccount = account;
      if (scope.size() > 1 && warnedOnce.add("account updates")) {
        LOG.info(
            "IBKR {}: account updates carry one account per connection; PnL for {} only",
            id(),
            account);
      }
      send(t, r -> r.requestAccountUpdates(true, account));
    }
  }

  /** Keeps one PnL subscription per open position, up to the configured bound. */
  private void reconcilePnlSubscriptions(GatewayTransport t)
      throws IOException, InterruptedException {
    if (settings.pnlSource() != PnlSource.PNL_SINGLE || state != ConnectionState.CONNECTED) {
      return;
    }
    Set<PositionKey> wanted = new TreeSet<>();
    for (Position p : book.positions()) {
      wanted.add(p.key());
    }
    Map<Integer, PositionKey> current = new LinkedHashMap<>(pnlSubscriptions);
    List<Integer> cancel = new ArrayList<>();
    current.forEach(
        (reqId, key) -> {
          if (!wanted.contains(key)) {
            cancel.add(reqId);
          }
        });
    for (Integer reqId : cancel) {
      current.remove(reqId);
      sendInBackground(t, r -> r.cancelPnlSingle(reqId));
    }
    Set<PositionKey> have = new java.util.HashSet<>(current.values());
    for (PositionKey key : wanted) {
      if (current.size() >= settings.pnlSubscriptionsMax()) {
        if (warnedOnce.add("pnl cap")) {
          LOG.info(
              "IBKR {}: PnL subscriptions capped at {} (pnlSubscriptionsMax)",
              id(),
              settings.pnlSubscriptionsMax());
        }
        break;
      }
      if (!have.contains(key)) {
        int reqId = nextReqId.incrementAndGet();
        current.put(reqId, key);
        pnlSubscriptions = Map.copyOf(current);
        sendInBackground(t, r -> r.requestPnlSingle(reqId, key.account(), key.conId()));
      }
    }
    pnlSubscriptions = Map.copyOf(current);
  }

  private interface Request {
    void send(GatewayRequests requests) throws IOException;
  }

  /**
   * Sends a request that may wait (a PnL subscription): it takes a permit only while {@link
   * #FOREGROUND_RESERVE} remain for positions requests, and waits without holding the send lock, so
   * fifty subscriptions after a connect never delay the first snapshot by a second.
   */
  private void sendInBackground(GatewayTransport t, Request request)
      throws IOException, InterruptedException {
    while (!limiter.tryAcquireLeaving(FOREGROUND_RESERVE)) {
      if (stopping) {
        // deactivation must not wait for the pacing window of requests nobody needs any more
        throw new java.io.InterruptedIOException("deactivated");
      }
      Thread.sleep(BACKGROUND_PAUSE.toMillis());
    }
    synchronized (sendLock) {
      request.send(t.requests());
    }
  }

  /** Every request passes the rate limiter; writes are serialised by {@link #sendLock}. */
  private void send(GatewayTransport t, Request request) throws IOException, InterruptedException {
    synchronized (sendLock) {
      limiter.acquire();
      request.send(t.requests());
    }
  }

  private void register() {
    if (registration != null || stopping) {
      return;
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(BrokerSession.BROKER_ID, settings.brokerId());
    props.put(BrokerSession.BROKER_TYPE, "ibkr");
    props.put(BrokerSession.BROKER_ACCOUNTS, new TreeSet<>(scope).toArray(String[]::new));
    registration = registrar.register(session, props);
  }

  private void unregister() {
    SessionRegistrar.Registration r = registration;
    registration = null;
    if (r != null) {
      try {
        r.unregister();
      } catch (RuntimeException e) {
        LOG.warn("IBKR {}: unregistering the session failed", id(), e);
      }
    }
  }

  private void setState(ConnectionState newState) {
    if (state != newState) {
      state = newState;
      stateSince = clock.instant();
    }
  }

  private void noteConnectFailure(String reason) {
    boolean repeated = reason.equals(lastError);
    lastError = reason;
    if (repeated) {
      LOG.debug("IBKR {}: {}", id(), reason);
    } else {
      LOG.info("IBKR {}: {}", id(), reason);
    }
  }

  // ---------------------------------------------------------------- reader thread

  private void readLoop(GatewayTransport t, int gen, SnapshotRounds connectionRounds) {
    Outcome outcome;
    try {
      t.readLoop(new Dispatcher(gen, connectionRounds));
      outcome = Outcome.lost("gateway closed the connection");
    } catch (IOException e) {
      outcome = Outcome.lost(stopping ? "deactivated" : e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("IBKR {}: reader failed", id(), e);
      outcome = Outcome.lost("reader failed: " + e);
    }
    readerOutcome = outcome;
    events.add(new Lost(gen, outcome));
  }

  /** Turns decoded messages into book changes, snapshot rows and lifecycle events. */
  private final class Dispatcher implements GatewayEvents {
    private final int gen;
    private final SnapshotRounds connectionRounds;

    Dispatcher(int gen, SnapshotRounds connectionRounds) {
      this.gen = gen;
      this.connectionRounds = connectionRounds;
    }

    @Override
    public void frameReceived() {
      lastInboundNanos = System.nanoTime();
    }

    @Override
    public void nextValidId(long orderId) {
      events.add(new NextValidId(gen));
    }

    @Override
    public void managedAccounts(List<String> accounts) {
      events.add(new ManagedAccounts(gen, List.copyOf(accounts)));
    }

    @Override
    public void position(Position row) {
      if (!scope.contains(row.account())) {
        return;
      }
      connectionRounds.row(row);
      applyToBook(row);
    }

    @Override
    public void positionEnd() {
      deliver(connectionRounds.end(clock.instant()));
    }

    @Override
    public void positionMulti(int reqId, Position row) {
      if (!scope.contains(row.account())) {
        return;
      }
      boolean inRound = connectionRounds.multiRow(reqId, row);
      if (inRound || multiSubscriptions.containsKey(reqId)) {
        applyToBook(row);
      }
    }

    @Override
    public void positionMultiEnd(int reqId) {
      deliver(connectionRounds.multiEnd(reqId, clock.instant()));
    }

    @Override
    public void portfolioValue(
        String account,
        long conId,
        BigDecimal marketPrice,
        BigDecimal marketValue,
        BigDecimal unrealizedPnl,
        BigDecimal realizedPnl) {
      if (settings.pnlSource() == PnlSource.ACCOUNT_UPDATES
          && scope.contains(account)
          && conId > 0) {
        notifyPnl(
            new PositionPnl(
                account,
                conId,
                marketPrice,
                marketValue,
                unrealizedPnl,
                realizedPnl,
                clock.instant()));
      }
    }

    @Override
    public void pnlSingle(
        int reqId,
        BigDecimal quantity,
        BigDecimal dailyPnl,
        BigDecimal unrealizedPnl,
        BigDecimal realizedPnl,
        BigDecimal value) {
      PositionKey key = pnlSubscriptions.get(reqId);
      if (key == null) {
        return;
      }
      notifyPnl(
          new PositionPnl(
              key.account(),
              key.conId(),
              null,
              value,
              unrealizedPnl,
              realizedPnl,
              clock.instant()));
    }

    @Override
    public void error(int id, int code, String message) {
      events.add(new ErrorCode(gen, id, code, message));
    }

    private void applyToBook(Position row) {
      boolean wasOpen = book.get(row.key()).isPresent();
      book.apply(row).ifPresent(this::notifyChange);
      boolean isOpen = !row.isFlat();
      if (wasOpen != isOpen
          && settings.pnlSource() == PnlSource.PNL_SINGLE
          && pnlReconcilePending.compareAndSet(false, true)) {
        events.add(new ReconcilePnl(gen));
      }
    }

    private void deliver(SnapshotRounds.Completed completed) {
      if (completed == null) {
        return;
      }
      for (Position closed : book.reconcile(completed.snapshot())) {
        notifyChange(closed);
      }
      if (settings.pnlSource() == PnlSource.PNL_SINGLE
          && pnlReconcilePending.compareAndSet(false, true)) {
        events.add(new ReconcilePnl(gen));
      }
      completed.deliver();
    }

    private void notifyChange(Position change) {
      for (PositionListener l : positionListeners) {
        try {
          l.positionChanged(session, change);
        } catch (RuntimeException e) {
          LOG.warn("IBKR {}: position listener {} failed on {}", id(), l, change.key(), e);
        }
      }
    }

    private void notifyPnl(PositionPnl pnl) {
      for (PnlListener l : pnlListeners) {
        try {
          l.pnlUpdated(session, pnl);
        } catch (RuntimeException e) {
          LOG.warn("IBKR {}: PnL listener {} failed on {}", id(), l, pnl.key(), e);
        }
      }
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // stopping anyway
      }
    }
  }

  private static SnapshotRounds closedRounds() {
    SnapshotRounds r = new SnapshotRounds();
    r.abandon();
    return r;
  }

  // ---------------------------------------------------------------- events

  /** Why a connection ended, and whether the next attempt may start without waiting. */
  private record Outcome(String reason, int code, boolean immediate) {
    static Outcome lost(String reason) {
      return new Outcome(reason, 0, false);
    }

    static Outcome backoff(String reason, int code) {
      return new Outcome(reason, code, false);
    }

    static Outcome immediate(String reason, int code) {
      return new Outcome(reason, code, true);
    }

    /** The reason, with the IB code when there is one. */
    String describe() {
      return code == 0 ? reason : reason + " (IB code " + code + ")";
    }
  }

  private sealed interface Event permits Generational, Stop {}

  private sealed interface Generational extends Event
      permits NextValidId, ManagedAccounts, ErrorCode, Lost, ReconcilePnl {
    int generation();
  }

  private record Stop() implements Event {}

  private record NextValidId(int generation) implements Generational {}

  private record ManagedAccounts(int generation, List<String> accounts) implements Generational {}

  private record ErrorCode(int generation, int id, int code, String message)
      implements Generational {}

  private record Lost(int generation, Outcome outcome) implements Generational {}

  private record ReconcilePnl(int generation) implements Generational {}
}
