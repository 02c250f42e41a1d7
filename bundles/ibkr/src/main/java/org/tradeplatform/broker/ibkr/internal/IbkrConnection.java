package org.tradeplatform.broker.ibkr.internal;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;
import org.tradeplatform.broker.ibkr.wire.StartApi;

/**
 * The lifecycle of one gateway connection (docs/ARCHITECTURE.md): its one lifecycle thread
 * connects, serves and reconnects forever with backoff, acts on the generation-tagged events of the
 * current socket, keeps the state, and publishes the {@link BrokerSession} only while the gateway
 * is usable. The other jobs sit below it: {@link InboundFeed} (reader thread: dispatch, book,
 * listeners), {@link PositionRequests}, {@link PnlSubscriptions}, {@link RequestSender}, {@link
 * CodePolicy}, {@link StatusRecorder}.
 *
 * <p>A connection is ready once the gateway answered the handshake, named its accounts and
 * delivered a complete positions answer; only then is the session registered and the backoff reset.
 * So a gateway that drops before its first snapshot is retried with a growing delay, and consumers
 * never meet a session without a snapshot behind it.
 *
 * <p>Threads: the lifecycle thread alone owns the fields marked so, registers and unregisters the
 * session (never while holding a lock) and writes the subscriptions. Fields read by other threads
 * are volatile or owned by a thread-safe part. {@link #close()} may be called from any thread.
 */
public final class IbkrConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IbkrConnection.class);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** Silence after which the gateway is probed with REQ_CURRENT_TIME. */
  static final Duration DEFAULT_IDLE_PROBE = Duration.ofSeconds(30);

  private final ConnectionSettings settings;
  private final RequestRateLimiter limiter;
  private final ReconnectBackoff backoff;
  private final Clock clock;
  private final Duration idleProbe;
  private final IbkrBrokerSession session;
  private final PositionBook book = new PositionBook();
  private final SessionListeners listeners;
  private final PositionRequests positionRequests;
  private final PnlSubscriptions pnl;
  private final StatusRecorder status;
  private final BlockingQueue<LifecycleEvent> events = new LinkedBlockingQueue<>();
  private final SessionPublisher publisher;
  private final ConnectionLog log;
  private final AtomicReference<Closeable> connecting = new AtomicReference<>();

  private volatile boolean stopping;
  private volatile int port;
  private volatile Set<String> scope = Set.of();
  private volatile GatewaySocket socket;
  private Thread lifecycle; // guarded by this

  private int generation; // lifecycle thread only

  /** Production wiring: IB's rate limit, random jitter, system clock. */
  public static IbkrConnection create(ConnectionSettings settings, SessionRegistrar registrar) {
    return create(
        settings,
        registrar,
        ReconnectBackoff.of(settings, () -> ThreadLocalRandom.current().nextDouble()));
  }

  /** Production wiring with a backoff of the caller's (lease mode: fast retries at first). */
  static IbkrConnection create(
      ConnectionSettings settings, SessionRegistrar registrar, ReconnectBackoff backoff) {
    return new IbkrConnection(
        settings,
        registrar,
        RequestRateLimiter.standard(),
        backoff,
        Clock.systemUTC(),
        DEFAULT_IDLE_PROBE);
  }

  IbkrConnection(
      ConnectionSettings settings,
      SessionRegistrar registrar,
      RequestRateLimiter limiter,
      ReconnectBackoff backoff,
      Clock clock,
      Duration idleProbe) {
    this.settings = settings;
    this.limiter = limiter;
    this.backoff = backoff;
    this.clock = clock;
    this.idleProbe = idleProbe;
    this.port = settings.port();
    this.session = new IbkrBrokerSession(this);
    this.listeners = new SessionListeners(settings.brokerId());
    this.positionRequests = new PositionRequests(settings, clock);
    this.pnl = new PnlSubscriptions(settings, positionRequests::nextRequestId);
    this.status = new StatusRecorder(settings.brokerId(), clock);
    this.publisher = new SessionPublisher(registrar, session);
    this.log = new ConnectionLog(settings);
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
    events.add(new LifecycleEvent.Stop());
    GatewaySocket s = socket;
    if (s != null) {
      s.close();
    }
    closeQuietly(connecting.get());
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
    status.enter(ConnectionState.STOPPED);
  }

  /** The public status of this connection. */
  public ConnectionStatus status() {
    return status.status();
  }

  /** What {@code ibkr:status} shows beside the public status. */
  public ConnectionDetails details() {
    return new ConnectionDetails(
        settings.host(),
        port,
        settings.clientId(),
        book.size(),
        listeners.positionListenerCount(),
        pnl.size(),
        status.attempts());
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

  SessionListeners listeners() {
    return listeners;
  }

  CompletionStage<PositionSnapshot> requestPositions() {
    ConnectionState state = status.state();
    if (state != ConnectionState.READY) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("IBKR " + id() + " is not connected (" + state + ")"));
    }
    return positionRequests.request();
  }

  // ---------------------------------------------------------------- lifecycle thread

  private void runLifecycle() {
    try {
      while (!stopping) {
        // Lease mode waits outside: LeasedConnection starts this connection once the lease is held.
        Outcome outcome = attempt();
        if (stopping) {
          break;
        }
        status.enter(ConnectionState.RECONNECTING);
        Duration delay = backoff.delayAfter(outcome.next());
        LOG.debug("IBKR {}: next connection attempt in {}", id(), delay);
        pause(delay);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("IBKR {}: lifecycle thread failed", id(), e);
    } finally {
      publisher.withdraw();
      status.enter(ConnectionState.STOPPED);
    }
  }

  /** Waits for the backoff delay, waking early only to stop. */
  private void pause(Duration delay) throws InterruptedException {
    long deadline = System.nanoTime() + delay.toNanos();
    long left;
    while (!stopping && (left = deadline - System.nanoTime()) > 0) {
      if (events.poll(left, TimeUnit.NANOSECONDS) instanceof LifecycleEvent.Stop) {
        return;
      }
    }
  }

  /** One connection from connect to loss. */
  private Outcome attempt() throws InterruptedException {
    int gen = ++generation;
    events.clear();
    status.enter(ConnectionState.CONNECTING);
    status.attempt();
    GatewaySocket s;
    try {
      s = GatewaySocket.open(settings.host(), port, settings.connectTimeout(), connecting::set);
    } catch (IOException e) {
      Outcome unreachable =
          Outcome.unreachable(
              "connect to " + settings.host() + ":" + port + " failed: " + e.getMessage());
      failed(unreachable);
      return unreachable;
    } finally {
      connecting.set(null);
    }
    socket = s;
    if (stopping) {
      s.close();
      socket = null;
      return Outcome.lost("deactivated");
    }
    status.negotiated(s.serverVersion());
    RequestSender sender = new RequestSender(s, limiter, () -> stopping);
    InboundFeed feed =
        new InboundFeed(
            gen, settings, session, book, listeners, positionRequests, pnl, events::add, clock);
    Thread reader =
        new Thread(() -> feed.drain(s, () -> stopping), "ibkr-reader-" + id() + "-" + gen);
    reader.setDaemon(true);
    reader.start();
    ServedSocket served = new ServedSocket(gen, sender, feed);
    Outcome outcome;
    try {
      sender.send(new StartApi(settings.clientId(), null));
      outcome = serve(served, awaitAccounts(served));
    } catch (Ended e) {
      outcome = e.outcome;
    } catch (IOException e) {
      outcome = Outcome.lost("write failed: " + e.getMessage());
      served.writeFailed = true;
    } finally {
      publisher.withdraw();
      s.close();
      socket = null;
      reader.join(STOP_TIMEOUT.toMillis());
      positionRequests.detach();
      pnl.clear();
    }
    if (served.writeFailed && feed.ended().isPresent()) {
      // The reader usually closed the socket first: its reason is the one worth reporting.
      outcome = feed.ended().get();
    }
    if (served.everReady) {
      status.error(outcome.code(), outcome.describe());
      log.disconnected(port, outcome);
    } else if (!stopping) {
      failed(outcome);
    }
    return outcome;
  }

  /** Waits for NEXT_VALID_ID and MANAGED_ACCTS; returns the managed accounts. */
  private List<String> awaitAccounts(ServedSocket served)
      throws Ended, IOException, InterruptedException {
    long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
    boolean haveNextId = false;
    List<String> managed = List.of();
    boolean haveAccounts = false;
    while (!haveNextId || !haveAccounts) {
      long left = deadline - System.nanoTime();
      LifecycleEvent e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) {
        throw new Ended(
            Outcome.lost(
                "gateway sent no "
                    + (haveNextId ? "managed accounts" : "next valid id")
                    + " within "
                    + settings.connectTimeout().toSeconds()
                    + " s"));
      }
      if (e instanceof LifecycleEvent.NextValidId n && n.generation() == served.generation) {
        haveNextId = true;
      } else if (e instanceof LifecycleEvent.ManagedAccounts m
          && m.generation() == served.generation) {
        managed = m.accounts();
        haveAccounts = true;
      } else {
        handle(served, e);
      }
    }
    return managed;
  }

  /**
   * Asks for the first snapshot, then serves the socket until it is lost or the connection stops;
   * the session is registered when the snapshot completes.
   */
  private Outcome serve(ServedSocket served, List<String> managed)
      throws Ended, IOException, InterruptedException {
    settings.accountFilter().stream()
        .filter(wanted -> !managed.contains(wanted))
        .forEach(log::accountNotManaged);
    scope = settings.scopeOf(managed);
    served.feed.scope(scope);
    book.retainAccounts(scope);
    positionRequests.attach(served.sender, scope, managed.size());
    positionRequests.startOwnRound(false);
    pnl.start(served.sender, scope);
    IdleProbe probe = new IdleProbe(idleProbe, settings.connectTimeout());
    while (!stopping) {
      var silent = probe.check(served.feed.lastInboundNanos(), served.sender);
      if (silent.isPresent()) {
        return silent.get();
      }
      long tick = probe.tickNanos();
      long wait =
          positionRequests.nextDeadline().stream()
              .map(d -> Math.max(0, Math.min(tick, d - System.nanoTime())))
              .findFirst()
              .orElse(tick);
      LifecycleEvent e = events.poll(wait, TimeUnit.NANOSECONDS);
      if (positionRequests.expire(System.nanoTime())) {
        // The gateway did not finish a request it always answers: start over on a new socket,
        // so that a late end marker can never complete a later request.
        return Outcome.lost("positions request timed out");
      }
      if (e != null) {
        handle(served, e);
      }
    }
    return Outcome.lost("deactivated");
  }

  /** Acts on one event; throws {@link Ended} when the connection must end. */
  private void handle(ServedSocket served, LifecycleEvent e)
      throws Ended, IOException, InterruptedException {
    if (e instanceof LifecycleEvent.Stop) {
      throw new Ended(Outcome.lost("deactivated"));
    }
    if (!(e instanceof LifecycleEvent.OfSocket of) || of.generation() != served.generation) {
      return; // a late event of an earlier socket
    }
    if (e instanceof LifecycleEvent.Lost l) {
      throw new Ended(l.outcome());
    } else if (e instanceof LifecycleEvent.Code c) {
      onCode(served, c.error());
    } else if (e instanceof LifecycleEvent.SnapshotComplete) {
      if (!served.synced) {
        served.synced = true;
        if (!served.everReady) {
          backoff.reset();
        }
        becomeReadyIfUsable(served);
      }
    } else if (e instanceof LifecycleEvent.ReconcilePnl) {
      served.feed.pnlReconcileTaken();
      if (status.state() == ConnectionState.READY) {
        pnl.reconcile(served.sender, book.positions());
      }
    }
  }

  /** Carries out what {@link CodePolicy} decides for an IB code. */
  private void onCode(ServedSocket served, ErrorMessage error)
      throws Ended, IOException, InterruptedException {
    CodePolicy.Action action = CodePolicy.of(error.code(), error.message(), settings.clientId());
    if (action instanceof CodePolicy.EndConnection end) {
      if (error.code() == 326) {
        log.clientIdInUse(port);
      }
      if (end.immediate()) {
        port = end.movedToPort();
      }
      throw new Ended(Outcome.ended(end, error.code()));
    } else if (action instanceof CodePolicy.ConnectivityLost) {
      served.connectivity = false;
      if (status.state() == ConnectionState.READY) {
        status.enter(ConnectionState.STALE);
        publisher.withdraw();
        status.error(error.code(), "gateway lost its connection to IB");
        log.connectivity("gateway lost its connection to IB (IB code 1100); session withdrawn");
      }
    } else if (action instanceof CodePolicy.ConnectivityRestored restored) {
      served.connectivity = true;
      if (restored.dataLost() && served.synced) {
        // every subscription is gone at the gateway: withdraw until a fresh answer is complete
        log.connectivity("gateway connectivity restored, data lost (IB code 1101); resubscribing");
        served.synced = false;
        if (status.state() == ConnectionState.READY) {
          status.enter(ConnectionState.STALE);
          publisher.withdraw();
        }
        positionRequests.startOwnRound(true);
        pnl.resubscribe(served.sender, book.positions());
      } else if (!restored.dataLost() && status.state() == ConnectionState.STALE) {
        log.connectivity("gateway connectivity restored, data kept (IB code 1102)");
      }
      becomeReadyIfUsable(served);
    } else if (action instanceof CodePolicy.Report) {
      report(error);
    } else {
      log.information(error);
    }
  }

  private void report(ErrorMessage error) {
    String text = "IB code " + error.code() + ": " + error.message();
    if (log.gatewayError(error, text)) {
      status.error(error.code(), text);
    }
    if (error.id() > 0) {
      positionRequests.refused(error.id(), text);
      pnl.forget(error.id());
    }
  }

  /** Registers the session once the socket has a complete answer and the gateway has IB. */
  private void becomeReadyIfUsable(ServedSocket served) {
    if (!served.synced || !served.connectivity || stopping || publisher.isPublished()) {
      return;
    }
    if (served.everReady) {
      status.enter(ConnectionState.READY);
    } else {
      served.everReady = true;
      int serverVersion = status.status().serverVersion().orElse(0);
      status.ready(serverVersion, scope);
      log.connected(port, serverVersion, scope, positionRequests.perAccount());
    }
    publisher.publish(scope);
    events.add(new LifecycleEvent.ReconcilePnl(served.generation));
  }

  /** An attempt failed before the session was ready. */
  private void failed(Outcome outcome) {
    status.error(outcome.code(), outcome.describe());
    log.failure(outcome);
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // stopping anyway
      }
    }
  }

  /** Ends the current socket with an outcome. */
  private static final class Ended extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Outcome outcome;

    Ended(Outcome outcome) {
      super(outcome.reason(), null, false, false);
      this.outcome = outcome;
    }
  }
}
