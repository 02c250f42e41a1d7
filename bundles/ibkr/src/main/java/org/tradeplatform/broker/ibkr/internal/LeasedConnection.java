package org.tradeplatform.broker.ibkr.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.ConnectionError;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.cluster.api.GatewayLease;
import org.tradeplatform.cluster.api.GatewayLeases;
import org.tradeplatform.cluster.api.LeaseListener;
import org.tradeplatform.cluster.api.LeaseStatus;

/**
 * Runs one gateway connection only while this node holds its lease (lease mode): STANDBY before,
 * the connection (and its session, carrying the lease's epoch) while held, dropped at once when the
 * lease is lost. The lease is kept through gateway reconnects and given up only after {@code
 * releaseAfter} without a gateway session, so a node that can reach the gateway may take over.
 *
 * <p>Concurrency: one thread ({@code ibkr-lease-<broker id>}) owns the connection and the
 * no-gateway timer; lease events are handed to it in order. {@link #status} may be read from any
 * thread.
 */
final class LeasedConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LeasedConnection.class);
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private final ConnectionSettings settings;
  private final Function<SessionRegistrar, IbkrConnection> connections;
  private final SessionRegistrar registrar;
  private final Duration releaseAfter;
  private final LongSupplier nanoClock;
  private final Clock clock;
  private final ScheduledExecutorService owner;
  private final GatewayLease lease;

  private volatile Optional<IbkrConnection> connection = Optional.empty();
  private volatile Instant standbySince;
  private Optional<Long> withoutGatewaySince = Optional.empty();

  LeasedConnection(
      ConnectionSettings settings,
      GatewayLeases leases,
      SessionRegistrar registrar,
      Function<SessionRegistrar, IbkrConnection> connections,
      Duration releaseAfter,
      LongSupplier nanoClock,
      Clock clock) {
    this.settings = settings;
    this.registrar = registrar;
    this.connections = connections;
    this.releaseAfter = releaseAfter;
    this.nanoClock = nanoClock;
    this.clock = clock;
    this.standbySince = clock.instant();
    this.owner =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "ibkr-lease-" + settings.brokerId());
              thread.setDaemon(true);
              return thread;
            });
    this.lease = leases.claim(settings.brokerId(), new Listener());
    owner.scheduleWithFixedDelay(
        this::checkGateway,
        CHECK_INTERVAL.toMillis(),
        CHECK_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    LOG.info(
        "IBKR {}: STANDBY until this node ({}) holds the lease",
        settings.brokerId(),
        leases.nodeId());
  }

  /** The connection's status while it runs; STANDBY with the holder otherwise. */
  ConnectionStatus status() {
    Optional<IbkrConnection> running = connection;
    if (running.isPresent()) {
      return running.get().status();
    }
    LeaseStatus leaseStatus = lease.status();
    return standby(
        settings,
        standbySince,
        leaseStatus.holder(),
        leaseStatus.lastError().orElse("waiting for the lease"));
  }

  /** What {@code ibkr:status} shows beside the status. */
  ConnectionDetails details() {
    return connection.map(IbkrConnection::details).orElseGet(() -> idle(settings));
  }

  /** A STANDBY status of {@code settings}' connection: the holder, and why in the last error. */
  static ConnectionStatus standby(
      ConnectionSettings settings, Instant since, Optional<String> holder, String why) {
    return new ConnectionStatus(
        settings.brokerId(),
        StatusRecorder.BROKER_TYPE,
        ConnectionState.STANDBY,
        since,
        Optional.of(new ConnectionError(ConnectionError.NO_CODE, why, since)),
        0,
        OptionalInt.empty(),
        Set.of(),
        holder);
  }

  /** Details of a connection that is not running. */
  static ConnectionDetails idle(ConnectionSettings settings) {
    return new ConnectionDetails(settings.host(), settings.port(), settings.clientId(), 0, 0, 0, 0);
  }

  /** The holder of the lease as this node last read it. */
  Optional<String> leaseHolder() {
    return lease.status().holder();
  }

  @Override
  public void close() {
    lease.close();
    owner.execute(() -> stopConnection("the connection was deactivated"));
    owner.shutdown();
    try {
      if (!owner.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("IBKR {}: lease thread did not stop within 30 s", settings.brokerId());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void startConnection(FencingToken token) {
    stopConnection("a new lease was taken");
    IbkrConnection started = connections.apply(withEpoch(token));
    connection = Optional.of(started);
    withoutGatewaySince = Optional.of(nanoClock.getAsLong());
    LOG.info(
        "IBKR {}: lease taken (epoch {}), connecting to the gateway",
        settings.brokerId(),
        token.epoch());
    started.start();
  }

  private void stopConnection(String reason) {
    Optional<IbkrConnection> running = connection;
    if (running.isEmpty()) {
      return;
    }
    connection = Optional.empty();
    standbySince = clock.instant();
    withoutGatewaySince = Optional.empty();
    running.get().close();
    LOG.warn(
        "IBKR {}: STANDBY, gateway connection dropped: {} (lease holder: {})",
        settings.brokerId(),
        reason,
        lease.status().holder().orElse("none"));
  }

  /** Gives the lease up after {@code releaseAfter} without a gateway session. */
  private void checkGateway() {
    Optional<IbkrConnection> running = connection;
    if (running.isEmpty()) {
      return;
    }
    if (running.get().status().state().hasSession()) {
      withoutGatewaySince = Optional.empty();
      return;
    }
    long now = nanoClock.getAsLong();
    if (withoutGatewaySince.isEmpty()) {
      withoutGatewaySince = Optional.of(now);
    } else if (now - withoutGatewaySince.get() >= releaseAfter.toNanos()) {
      LOG.warn(
          "IBKR {}: no gateway session for {} s, giving the lease up for another node",
          settings.brokerId(),
          releaseAfter.toSeconds());
      lease.release();
      stopConnection("no gateway session for " + releaseAfter.toSeconds() + " s");
    }
  }

  /** Registers sessions with the lease's epoch and holder as service properties. */
  private SessionRegistrar withEpoch(FencingToken token) {
    return (session, properties) -> {
      Map<String, Object> leased = new HashMap<>(properties);
      leased.put(FencingToken.EPOCH_PROPERTY, token.epoch());
      leased.put(FencingToken.NODE_PROPERTY, token.nodeId());
      return registrar.register(session, leased);
    };
  }

  /** Hands lease events to the owning thread, in order. */
  private final class Listener implements LeaseListener {
    @Override
    public void acquired(FencingToken token) {
      owner.execute(() -> startConnection(token));
    }

    @Override
    public void lost(FencingToken token, String reason) {
      owner.execute(() -> stopConnection("lease lost: " + reason));
    }
  }
}
