package org.tradeplatform.position.sync.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.position.api.PnlStatistics;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncHealth;
import org.tradeplatform.position.api.SyncObserver;
import org.tradeplatform.position.api.SyncReport;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * The sync component: binds to every {@link BrokerSession} and gives each a {@link BoundSession}
 * (its position scheduler and PnL writer), and keeps configuration, statistics, events, observers
 * and health.
 *
 * <p>Its own executor does all the work; bind, unbind and configuration changes only rearrange
 * bookkeeping and never wait for the broker or the database. Sync reports reach {@link
 * SyncObserver} services on a thread of their own.
 *
 * <p>Concurrency: the registry (bound, attached and retiring sessions, retired totals), the
 * settings and the refused configuration are guarded by {@code lock}; schedulers and writers are
 * called under it only to rearrange, never to wait.
 */
@Component(
    name = PositionSyncConfig.PID,
    configurationPid = PositionSyncConfig.PID,
    service = PositionSyncStatus.class,
    immediate = true)
@Designate(ocd = PositionSyncConfig.class)
public final class PositionSyncComponent implements PositionSyncStatus {
  private static final Logger LOG = LoggerFactory.getLogger(PositionSyncComponent.class);

  /** How long deactivation waits for running work before interrupting it. */
  private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(10);

  private final PositionRepository repository;
  private final SyncExecutor executor;
  private final Optional<ThreadPoolSyncExecutor> ownedExecutor;
  private final Optional<ExecutorService> observerThread;
  private final ObserverDelivery observers;
  private final AtomicReference<EventAdmin> eventAdmin = new AtomicReference<>();
  private final PositionEventPublisher events = new PositionEventPublisher(eventAdmin::get);

  /** What every session's scheduler reports to: events after a commit, then the observers. */
  private final SyncReporter reporter =
      new SyncReporter() {
        @Override
        public void committed(String brokerId, SyncTrigger trigger, SyncResult result) {
          events.committed(brokerId, trigger, result);
        }

        @Override
        public void finished(SyncReport report) {
          observers.deliver(report);
        }
      };

  private final Object lock = new Object();
  private final Set<BrokerSession> bound = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<BrokerSession, BoundSession> attached = new IdentityHashMap<>();
  private final Map<BrokerSession, PositionRepository> writers = new IdentityHashMap<>();
  private final Set<BoundSession> retiring = Collections.newSetFromMap(new IdentityHashMap<>());
  private Totals retired = Totals.EMPTY;
  private SyncSettings settings;
  private Optional<String> rejectedConfiguration = Optional.empty();
  private boolean deactivated;

  /**
   * Activation by DS. An invalid configuration throws, so the component does not activate and DS
   * logs the message, which names the property.
   */
  @Activate
  public PositionSyncComponent(
      @Reference(name = "repository") PositionRepository repository, PositionSyncConfig config) {
    this(repository, validated(config), Optional.empty());
  }

  /** For tests: a virtual-time executor that also delivers the observers' reports. */
  PositionSyncComponent(PositionRepository repository, SyncSettings settings, SyncExecutor time) {
    this(repository, settings, Optional.of(time));
  }

  private PositionSyncComponent(
      PositionRepository repository, SyncSettings settings, Optional<SyncExecutor> given) {
    this.repository = repository;
    this.settings = settings;
    if (given.isPresent()) {
      this.ownedExecutor = Optional.empty();
      this.executor = given.get();
      this.observerThread = Optional.empty();
      this.observers = new ObserverDelivery(given.get()::execute);
    } else {
      ThreadPoolSyncExecutor pool =
          new ThreadPoolSyncExecutor(settings.syncThreads(), Clock.systemUTC());
      this.ownedExecutor = Optional.of(pool);
      this.executor = pool;
      ExecutorService thread =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread t =
                    new Thread(task, ThreadPoolSyncExecutor.THREAD_NAME_PREFIX + "observers");
                t.setDaemon(true);
                return t;
              });
      this.observerThread = Optional.of(thread);
      this.observers = new ObserverDelivery(thread);
    }
    LOG.info("Position sync activated ({})", settings);
  }

  private static SyncSettings validated(PositionSyncConfig config) {
    try {
      return SyncSettings.from(config);
    } catch (InvalidConfigurationException e) {
      throw new IllegalArgumentException(
          "Position sync not activated: invalid configuration of "
              + PositionSyncConfig.PID
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Modified
  void modified(PositionSyncConfig config) {
    SyncSettings next;
    try {
      next = SyncSettings.from(config);
    } catch (InvalidConfigurationException e) {
      synchronized (lock) {
        rejectedConfiguration = Optional.of(e.getMessage());
      }
      LOG.warn(
          "Configuration of {} refused, keeping the previous one: {}",
          PositionSyncConfig.PID,
          e.getMessage());
      return;
    }
    applySettings(next);
  }

  /** Applies a valid configuration live, without dropping any binding. */
  void applySettings(SyncSettings next) {
    synchronized (lock) {
      rejectedConfiguration = Optional.empty();
      SyncSettings previous = settings;
      settings = next;
      if (deactivated || previous.equals(next)) {
        return;
      }
      LOG.info("Position sync configuration changed ({})", next);
      ownedExecutor.ifPresent(pool -> pool.resize(next.syncThreads()));
      if (previous.enabled() && !next.enabled()) {
        List.copyOf(attached.keySet()).forEach(this::detach);
      } else if (!previous.enabled() && next.enabled()) {
        bound.forEach(this::attach);
      } else if (next.enabled()) {
        attached.values().forEach(session -> session.applySettings(next));
      }
    }
  }

  @Reference(
      name = "brokerSession",
      service = BrokerSession.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindBrokerSession")
  void bindSession(BrokerSession session, Map<String, Object> properties) {
    synchronized (lock) {
      writers.put(session, FencedRepository.forSession(repository, properties));
    }
    bindBrokerSession(session);
  }

  /** Binds a session without service properties: it writes unfenced (tests, single node). */
  void bindBrokerSession(BrokerSession session) {
    synchronized (lock) {
      if (deactivated || !bound.add(session)) {
        return;
      }
      if (settings.enabled()) {
        attach(session);
      }
    }
  }

  void unbindBrokerSession(BrokerSession session) {
    synchronized (lock) {
      writers.remove(session);
      if (bound.remove(session) && attached.containsKey(session)) {
        detach(session);
      }
    }
  }

  @Reference(
      name = "eventAdmin",
      service = EventAdmin.class,
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindEventAdmin")
  void bindEventAdmin(EventAdmin admin) {
    eventAdmin.set(admin);
  }

  void unbindEventAdmin(EventAdmin admin) {
    eventAdmin.compareAndSet(admin, null);
  }

  /** Whiteboard: every {@link SyncObserver} service hears of every sync from now on. */
  @Reference(
      name = "syncObserver",
      service = SyncObserver.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "removeSyncObserver")
  void addSyncObserver(SyncObserver observer) {
    observers.add(observer);
  }

  void removeSyncObserver(SyncObserver observer) {
    observers.remove(observer);
  }

  @Deactivate
  void deactivate() {
    synchronized (lock) {
      deactivated = true;
      List.copyOf(attached.keySet()).forEach(this::detach);
      bound.clear();
    }
    ownedExecutor.ifPresent(
        pool -> {
          if (!pool.shutdown(SHUTDOWN_BOUND)) {
            LOG.warn("Position sync threads did not stop within {} s", SHUTDOWN_BOUND.toSeconds());
          }
        });
    observerThread.ifPresent(this::stopObserverThread);
    LOG.info("Position sync deactivated");
  }

  private void stopObserverThread(ExecutorService thread) {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(SHUTDOWN_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** The repository as {@code session} writes to it: fenced by its lease in lease mode. */
  private PositionRepository writer(BrokerSession session) {
    return writers.getOrDefault(session, repository);
  }

  /** Caller holds the lock. */
  private void attach(BrokerSession session) {
    BoundSession attachedSession =
        new BoundSession(session, writer(session), executor, settings, reporter);
    attached.put(session, attachedSession);
    // A session that replaces one with the same broker.id (a reconnect, an updated ibkr bundle)
    // starts only when its predecessor has written the changes it had received: those are older
    // than anything the new session reports, so they must not commit after it.
    CompletableFuture<?>[] predecessors =
        retiring.stream()
            .filter(r -> r.brokerId().equals(attachedSession.brokerId()))
            .map(r -> r.positions().retired())
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(predecessors).thenRun(() -> startUnlessGone(session, attachedSession));
  }

  private void startUnlessGone(BrokerSession session, BoundSession attachedSession) {
    synchronized (lock) {
      if (!deactivated && attached.get(session) == attachedSession) {
        attachedSession.start(settings);
      }
    }
  }

  /** Caller holds the lock. */
  private void detach(BrokerSession session) {
    BoundSession leaving = attached.remove(session);
    retiring.add(leaving);
    leaving.detach().thenRun(() -> retire(leaving));
  }

  /** A detached session finished its last writes: its counters join the total. */
  private void retire(BoundSession leaving) {
    synchronized (lock) {
      if (retiring.remove(leaving)) {
        retired = retired.plus(leaving.statistics(true));
      }
    }
  }

  @Override
  public Map<String, SyncStatistics> sessions() {
    return perSession(Totals::sync);
  }

  @Override
  public SyncStatistics total() {
    return totals().sync();
  }

  @Override
  public Map<String, PnlStatistics> pnlSessions() {
    Map<String, PnlStatistics> result = new LinkedHashMap<>();
    for (BoundSession session : current()) {
      if (session.writesPnl()) {
        result.put(session.brokerId(), session.statistics(false).pnl());
      }
    }
    return Collections.unmodifiableMap(result);
  }

  @Override
  public PnlStatistics pnlTotal() {
    return totals().pnl();
  }

  private <T> Map<String, T> perSession(Function<Totals, T> part) {
    Map<String, T> result = new LinkedHashMap<>();
    for (BoundSession session : current()) {
      result.put(session.brokerId(), part.apply(session.statistics(false)));
    }
    return Collections.unmodifiableMap(result);
  }

  /** Every session seen since activation: retired, retiring and attached. */
  private Totals totals() {
    Totals total;
    List<BoundSession> leaving;
    synchronized (lock) {
      total = retired;
      leaving = List.copyOf(retiring);
    }
    for (BoundSession session : leaving) {
      total = total.plus(session.statistics(true));
    }
    for (BoundSession session : current()) {
      total = total.plus(session.statistics(false));
    }
    return total;
  }

  @Override
  public Optional<String> rejectedConfiguration() {
    synchronized (lock) {
      return rejectedConfiguration;
    }
  }

  @Override
  public CompletionStage<SyncResult> syncNow(String brokerId) {
    for (BoundSession session : current()) {
      if (session.brokerId().equals(brokerId)) {
        return session.positions().syncNow().copy();
      }
    }
    boolean enabled;
    synchronized (lock) {
      enabled = settings.enabled();
    }
    return CompletableFuture.failedFuture(
        new IllegalArgumentException(
            enabled
                ? "no broker session with broker.id '" + brokerId + "' is bound"
                : "position sync is disabled (enabled=false)"));
  }

  @Override
  public SyncHealth health() {
    SyncSettings current;
    Optional<String> rejected;
    synchronized (lock) {
      current = settings;
      rejected = rejectedConfiguration;
    }
    List<SyncHealthEvaluator.SessionState> states = new ArrayList<>();
    for (BoundSession session : current()) {
      states.add(
          new SyncHealthEvaluator.SessionState(
              session.brokerId(),
              session.positions().attachedAt(),
              session.positions().statistics()));
    }
    return SyncHealthEvaluator.evaluate(current, rejected, states, executor.now());
  }

  /** The current configuration, as validated. */
  SyncSettings settings() {
    synchronized (lock) {
      return settings;
    }
  }

  private List<BoundSession> current() {
    synchronized (lock) {
      return List.copyOf(attached.values());
    }
  }
}
