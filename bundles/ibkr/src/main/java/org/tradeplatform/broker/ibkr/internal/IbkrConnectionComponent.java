package org.tradeplatform.broker.ibkr.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.cluster.api.GatewayLeases;

/**
 * One configured gateway connection (factory PID {@value #PID}). Activation only starts the
 * connection's own lifecycle thread; the {@code BrokerSession} service appears when the gateway is
 * ready. A configuration change that is valid restarts the connection; an invalid one is refused
 * with one log line naming the property, and the previous configuration stays in force.
 *
 * <p>Lease mode ({@code lease = true}, read at activation): the connection runs only while this
 * node holds the gateway's lease ({@link LeasedConnection}); without a {@link GatewayLeases}
 * service, or before the lease is held, the connection is STANDBY. Without lease mode the {@code
 * GatewayLeases} reference is ignored and the connection runs as it always did.
 *
 * <p>Concurrency: DS calls (activation, bind, modified, deactivate) are serialised on this object;
 * readers see the current connection through volatile fields.
 */
@Component(
    configurationPid = IbkrConnectionComponent.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE,
    service = ConnectionView.class,
    immediate = true)
@Designate(ocd = IbkrConnectionConfig.class, factory = true)
public final class IbkrConnectionComponent implements ConnectionView {
  public static final String PID = "org.tradeplatform.broker.ibkr";
  private static final Logger LOG = LoggerFactory.getLogger(IbkrConnectionComponent.class);

  /** Lease mode: how often a new holder retries the gateway while its predecessor may linger. */
  static final Duration CLIENT_ID_RETRY = Duration.ofMillis(500);

  private final BundleContext context;
  private final boolean leaseMode;
  private final Instant activatedAt = Instant.now();
  private volatile ConnectionSettings settings;
  private volatile Duration leaseReleaseAfter;
  private volatile Optional<IbkrConnection> connection = Optional.empty();
  private volatile Optional<GatewayLeases> leases = Optional.empty();
  private volatile Optional<LeasedConnection> leased = Optional.empty();
  private volatile Optional<String> rejectedConfiguration = Optional.empty();

  @Activate
  public IbkrConnectionComponent(BundleContext context, IbkrConnectionConfig config) {
    this.context = context;
    this.leaseMode = config.lease();
    try {
      settings = ConnectionSettings.from(config);
      leaseReleaseAfter = leaseReleaseAfter(config);
    } catch (IllegalArgumentException e) {
      LOG.error("IBKR connection not started: {}", e.getMessage());
      throw e;
    }
    if (leaseMode) {
      LOG.info("IBKR {}: lease mode, STANDBY until this node holds the lease", settings.brokerId());
    } else {
      startUnleased();
    }
  }

  /** Lease mode only: the lease service appeared. */
  @Reference(
      name = "leases",
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  synchronized void bindLeases(GatewayLeases service) {
    leases = Optional.of(service);
    if (leaseMode) {
      restartLeased();
    }
  }

  synchronized void unbindLeases(GatewayLeases service) {
    if (leases.equals(Optional.of(service))) {
      leases = Optional.empty();
      if (leaseMode) {
        stopLeased();
      }
    }
  }

  @Modified
  synchronized void modified(IbkrConnectionConfig config) {
    ConnectionSettings next;
    Duration releaseAfter;
    try {
      next = ConnectionSettings.from(config);
      releaseAfter = leaseReleaseAfter(config);
    } catch (IllegalArgumentException e) {
      rejectedConfiguration = Optional.of(e.getMessage());
      LOG.error(
          "IBKR {}: configuration refused, keeping the previous one: {}",
          settings.brokerId(),
          e.getMessage());
      return;
    }
    rejectedConfiguration = Optional.empty();
    if (config.lease() != leaseMode) {
      LOG.warn(
          "IBKR {}: lease mode changes apply at the next activation (now: lease = {})",
          settings.brokerId(),
          leaseMode);
    }
    if (next.equals(settings) && releaseAfter.equals(leaseReleaseAfter)) {
      return;
    }
    settings = next;
    leaseReleaseAfter = releaseAfter;
    if (leaseMode) {
      restartLeased();
    } else {
      connection.ifPresent(IbkrConnection::close);
      startUnleased();
    }
  }

  @Deactivate
  synchronized void deactivate() {
    connection.ifPresent(IbkrConnection::close);
    stopLeased();
  }

  @Override
  public ConnectionStatus status() {
    if (!leaseMode) {
      return connection.orElseThrow().status();
    }
    return leased
        .map(LeasedConnection::status)
        .orElseGet(
            () ->
                LeasedConnection.standby(
                    settings,
                    activatedAt,
                    Optional.empty(),
                    "lease mode: no lease service (configure org.tradeplatform.cluster.lease)"));
  }

  @Override
  public ConnectionDetails details() {
    if (!leaseMode) {
      return connection.orElseThrow().details();
    }
    return leased.map(LeasedConnection::details).orElseGet(() -> LeasedConnection.idle(settings));
  }

  @Override
  public Optional<String> rejectedConfiguration() {
    return rejectedConfiguration;
  }

  private void startUnleased() {
    IbkrConnection next = IbkrConnection.create(settings, new OsgiSessionRegistrar(context));
    connection = Optional.of(next);
    next.start();
  }

  private void restartLeased() {
    stopLeased();
    if (leases.isPresent()) {
      ConnectionSettings current = settings;
      GatewayLeases service = leases.get();
      leased =
          Optional.of(
              new LeasedConnection(
                  current,
                  service,
                  new OsgiSessionRegistrar(context),
                  registrar ->
                      IbkrConnection.create(
                          current,
                          registrar,
                          // the old holder may still hold the gateway socket (326): retry often
                          // up to the fencing bound, then back off as usual
                          ReconnectBackoff.of(current, Math::random)
                              .withFastStart(
                                  CLIENT_ID_RETRY, service.fencingBound(), System::nanoTime)),
                  leaseReleaseAfter,
                  System::nanoTime,
                  Clock.systemUTC()));
    }
  }

  private void stopLeased() {
    leased.ifPresent(LeasedConnection::close);
    leased = Optional.empty();
  }

  private static Duration leaseReleaseAfter(IbkrConnectionConfig config) {
    if (config.leaseReleaseAfterSeconds() < 1) {
      throw new IllegalArgumentException(
          "leaseReleaseAfterSeconds must be positive, was " + config.leaseReleaseAfterSeconds());
    }
    return Duration.ofSeconds(config.leaseReleaseAfterSeconds());
  }
}
