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
import java.util.concurrent.atomic.AtomicReference;
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
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * The sync component: binds to every {@link BrokerSession}, gives each a {@link
 * SessionSyncScheduler} (positions) and, unless PnL writing is off, a {@link SessionPnlWriter}
 * (market value and PnL, on their own rate-limited path), and keeps configuration, statistics,
 * events and health.
 *
 * <p>Its own executor does all the work; bind, unbind and configuration changes only rearrange
 * bookkeeping and never wait for the broker or the database.
 */
@Component(
    name = PositionSyncComponent.PID,
    configurationPid = PositionSyncComponent.PID,
    service = {PositionSyncStatus.class, PositionSyncHealth.class, PnlWriteStatus.class},
    immediate = true)
@Designate(ocd = PositionSyncConfig.class)
public final class PositionSyncComponent
    implements PositionSyncStatus, PositionSyncHealth, PnlWriteStatus {
  private static final Logger LOG = LoggerFactory.getLogger(PositionSyncComponent.class);

  /** Component name and configuration PID. */
  public static final String PID = "org.tradeplatform.position.sync";

  /** Threads of the executor: sessions sync in parallel, each single flight. */
  private static final int THREADS = 2;

  /** How long deactivation waits for running work before interrupting it. */
  private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(10);

  private final PositionRepository repository;
  private final SyncExecutor executor;
  private final ThreadPoolSyncExecutor ownedExecutor;
  private final AtomicReference<EventAdmin> eventAdmin = new AtomicReference<>();
  private final SyncObserver events = new PositionEventPublisher(eventAdmin::get);

  private final Object lock = new Object();
  private final Set<BrokerSession> bound = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<BrokerSession, SessionSyncScheduler> schedulers = new IdentityHashMap<>();
  private final Map<BrokerSession, PositionRepository> writers = new IdentityHashMap<>();
  private final Set<SessionSyncScheduler> retiring =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private SyncStatistics retired = Statistics.EMPTY;
  private final Map<BrokerSession, SessionPnlWriter> pnlWriters = new IdentityHashMap<>();
  private final Set<SessionPnlWriter> retiringPnl =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private PnlStatistics retiredPnl = PnlStatistics.EMPTY;
  private SyncSettings settings;
  private String rejectedConfiguration;
  private boolean deactivated;

  /**
   * Activation by DS. An invalid configuration throws, so the component does not activate and DS
   * logs the message, which names the property.
   */
  @Activate
  public PositionSyncComponent(
      @Reference(name = "repository") PositionRepository repository, PositionSyncConfig config) {
    this(repository, validated(config), null);
  }

  /** For tests: a given executor (virtual time), or {@code null} for the production pool. */
  PositionSyncComponent(
      PositionRepository repository, SyncSettings settings, SyncExecutor executorOrNull) {
    this.repository = repository;
    this.settings = settings;
    if (executorOrNull == null) {
      this.ownedExecutor = new ThreadPoolSyncExecutor(THREADS, Clock.systemUTC());
      this.executor = ownedExecutor;
    } else {
      this.ownedExecutor = null;
      this.executor = executorOrNull;
    }
    LOG.info("Position sync activated ({})", settings);
  }

  private static SyncSettings validated(PositionSyncConfig config) {
    try {
      return SyncSettings.from(config);
    } catch (InvalidConfigurationException e) {
      throw new IllegalArgumentException(
          "Position sync not activated: invalid configuration of " + PID + ": " + e.getMessage(),
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
        rejectedConfiguration = e.getMessage();
      }
      LOG.warn("Configuration of {} refused, keeping the previous one: {}", PID, e.getMessage());
      return;
    }
    applySettings(next);
  }

  /** Applies a valid configuration live, without dropping any binding. */
  void applySettings(SyncSettings next) {
    synchronized (lock) {
      rejectedConfiguration = null;
      SyncSettings previous = settings;
      settings = next;
      if (deactivated || previous.equals(next)) {
        return;
      }
      LOG.info("Position sync configuration changed ({})", next);
      if (previous.enabled() && !next.enabled()) {
        List.copyOf(schedulers.keySet()).forEach(this::detach);
      } else if (!previous.enabled() && next.enabled()) {
        bound.forEach(this::attach);
      } else if (next.enabled()) {
        for (SessionSyncScheduler scheduler : schedulers.values()) {
          scheduler.updateSettings(next);
          scheduler.listen(next.syncOnPositionUpdate());
        }
        for (BrokerSession session : List.copyOf(schedulers.keySet())) {
          if (!next.writesPnl()) {
            detachPnl(session);
          } else if (pnlWriters.containsKey(session)) {
            pnlWriters.get(session).updateInterval(next.pnlWriteInterval());
          } else {
            attachPnl(session);
          }
        }
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
      if (bound.remove(session) && schedulers.containsKey(session)) {
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

  @Deactivate
  void deactivate() {
    synchronized (lock) {
      deactivated = true;
      List.copyOf(schedulers.keySet()).forEach(this::detach);
      bound.clear();
    }
    if (ownedExecutor != null && !ownedExecutor.shutdown(SHUTDOWN_BOUND)) {
      LOG.warn("Position sync threads did not stop within {} s", SHUTDOWN_BOUND.toSeconds());
    }
    LOG.info("Position sync deactivated");
  }

  private void attach(BrokerSession session) {
    SessionSyncScheduler scheduler =
        new SessionSyncScheduler(session, writer(session), executor, settings, events);
    schedulers.put(session, scheduler);
    // A session that replaces one with the same broker.id (a reconnect, an updated ibkr bundle)
    // starts only when its predecessor has written the changes it had received: those are older
    // than anything the new session reports, so they must not commit after it.
    CompletableFuture<?>[] predecessors =
        retiring.stream()
            .filter(r -> r.brokerId().equals(scheduler.brokerId()))
            .map(SessionSyncScheduler::retired)
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(predecessors).thenRun(() -> startUnlessGone(session, scheduler));
    if (settings.writesPnl()) {
      attachPnl(session);
    }
  }

  private void startUnlessGone(BrokerSession session, SessionSyncScheduler scheduler) {
    synchronized (lock) {
      if (!deactivated && schedulers.get(session) == scheduler) {
        scheduler.listen(settings.syncOnPositionUpdate());
        scheduler.start(settings.syncOnBind());
      }
    }
  }

  private void attachPnl(BrokerSession session) {
    SessionPnlWriter writer =
        new SessionPnlWriter(session, writer(session), executor, settings.pnlWriteInterval());
    pnlWriters.put(session, writer);
    writer.start();
  }

  /** The repository as {@code session} writes to it: fenced by its lease in lease mode. */
  private PositionRepository writer(BrokerSession session) {
    return writers.getOrDefault(session, repository);
  }

  private void detach(BrokerSession session) {
    SessionSyncScheduler scheduler = schedulers.remove(session);
    retiring.add(scheduler);
    scheduler.retired().thenRun(() -> retire(scheduler));
    scheduler.detach();
    detachPnl(session);
  }

  private void detachPnl(BrokerSession session) {
    SessionPnlWriter writer = pnlWriters.remove(session);
    if (writer == null) {
      return;
    }
    retiringPnl.add(writer);
    writer.retired().thenRun(() -> retirePnl(writer));
    writer.detach();
  }

  /** A detached PnL writer finished its last write: its counters join the total. */
  private void retirePnl(SessionPnlWriter writer) {
    synchronized (lock) {
      if (retiringPnl.remove(writer)) {
        retiredPnl = PnlStatistics.sum(retiredPnl, PnlStatistics.retired(writer.statistics()));
      }
    }
  }

  /** A detached session finished its last write: its counters join the total. */
  private void retire(SessionSyncScheduler scheduler) {
    synchronized (lock) {
      if (retiring.remove(scheduler)) {
        retired = Statistics.sum(retired, Statistics.retired(scheduler.statistics()));
      }
    }
  }

  @Override
  public Map<String, SyncStatistics> sessions() {
    Map<String, SyncStatistics> result = new LinkedHashMap<>();
    for (SessionSyncScheduler scheduler : currentSchedulers()) {
      result.put(scheduler.brokerId(), scheduler.statistics());
    }
    return Collections.unmodifiableMap(result);
  }

  @Override
  public SyncStatistics total() {
    SyncStatistics total;
    List<SessionSyncScheduler> leaving;
    synchronized (lock) {
      total = retired;
      leaving = List.copyOf(retiring);
    }
    for (SessionSyncScheduler scheduler : leaving) {
      total = Statistics.sum(total, Statistics.retired(scheduler.statistics()));
    }
    for (SessionSyncScheduler scheduler : currentSchedulers()) {
      total = Statistics.sum(total, scheduler.statistics());
    }
    return total;
  }

  @Override
  public Map<String, PnlStatistics> pnlSessions() {
    Map<String, PnlStatistics> result = new LinkedHashMap<>();
    for (SessionPnlWriter writer : currentPnlWriters()) {
      result.put(writer.brokerId(), writer.statistics());
    }
    return Collections.unmodifiableMap(result);
  }

  @Override
  public PnlStatistics pnlTotal() {
    PnlStatistics total;
    List<SessionPnlWriter> leaving;
    synchronized (lock) {
      total = retiredPnl;
      leaving = List.copyOf(retiringPnl);
    }
    for (SessionPnlWriter writer : leaving) {
      total = PnlStatistics.sum(total, PnlStatistics.retired(writer.statistics()));
    }
    for (SessionPnlWriter writer : currentPnlWriters()) {
      total = PnlStatistics.sum(total, writer.statistics());
    }
    return total;
  }

  @Override
  public Optional<String> rejectedConfiguration() {
    synchronized (lock) {
      return Optional.ofNullable(rejectedConfiguration);
    }
  }

  @Override
  public CompletionStage<SyncResult> syncNow(String brokerId) {
    for (SessionSyncScheduler scheduler : currentSchedulers()) {
      if (scheduler.brokerId().equals(brokerId)) {
        return scheduler.syncNow().copy();
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
  public HealthReport health() {
    SyncSettings current;
    Optional<String> rejected;
    synchronized (lock) {
      current = settings;
      rejected = Optional.ofNullable(rejectedConfiguration);
    }
    List<SyncHealthEvaluator.SessionState> states = new ArrayList<>();
    for (SessionSyncScheduler scheduler : currentSchedulers()) {
      SyncStatistics statistics = scheduler.statistics();
      states.add(
          new SyncHealthEvaluator.SessionState(
              scheduler.brokerId(),
              scheduler.attachedAt(),
              statistics.lastSuccessAt(),
              statistics.lastError()));
    }
    return SyncHealthEvaluator.evaluate(current, rejected, states, executor.now());
  }

  /** The current configuration, as validated. */
  SyncSettings settings() {
    synchronized (lock) {
      return settings;
    }
  }

  private List<SessionPnlWriter> currentPnlWriters() {
    synchronized (lock) {
      return List.copyOf(pnlWriters.values());
    }
  }

  private List<SessionSyncScheduler> currentSchedulers() {
    synchronized (lock) {
      return List.copyOf(schedulers.values());
    }
  }
}
