package org.tradeplatform.cluster.lease.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.cluster.api.GatewayLease;
import org.tradeplatform.cluster.api.GatewayLeases;
import org.tradeplatform.cluster.api.LeaseListener;

/**
 * The {@link GatewayLeases} service on PostgreSQL, present only where its configuration exists
 * (lease mode). It refuses a pooled DataSource and impossible timing at activation, and closes
 * every claim, releasing held leases explicitly, when it is deactivated.
 *
 * <p>Concurrency: claims live in a concurrent map; one watchdog thread serves every claim.
 */
@Component(
    name = GatewayLeasesComponent.PID,
    configurationPid = GatewayLeasesComponent.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE,
    service = GatewayLeases.class,
    immediate = true)
@Designate(ocd = LeaseConfig.class)
public final class GatewayLeasesComponent implements GatewayLeases {

  public static final String PID = "org.tradeplatform.cluster.lease";
  public static final String DEFAULT_DATA_SOURCE_TARGET = "(dataSourceName=positions-lease)";

  private static final Logger LOG = LoggerFactory.getLogger(GatewayLeasesComponent.class);

  /** Pools whose connections must never hold a lease lock, by their DataSource class. */
  private static final List<String> POOL_PACKAGES =
      List.of("com.zaxxer.hikari.", "org.apache.commons.dbcp", "org.apache.tomcat.jdbc.pool.");

  private final DataSource dataSource;
  private final LeaseSettings settings;
  private final ScheduledExecutorService watchdog;
  private final Map<String, PostgresGatewayLease> claims = new ConcurrentHashMap<>();

  /**
   * Refuses to activate on a pooled DataSource or an invalid configuration, naming the reason (DS
   * logs the exception).
   */
  @Activate
  public GatewayLeasesComponent(
      @Reference(name = "dataSource", target = DEFAULT_DATA_SOURCE_TARGET)
          Map.Entry<Map<String, Object>, DataSource> dataSource,
      LeaseConfig config) {
    refusePooled(dataSource.getKey(), dataSource.getValue());
    this.dataSource = dataSource.getValue();
    this.settings = LeaseSettings.from(config, defaultNodeId());
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "gateway-lease-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    LOG.info(
        "Gateway leases active for node {} (idle session timeout {} ms, renew every {} ms within"
            + " {} ms, margin {} ms, retry every {} ms)",
        settings.nodeId(),
        settings.idleSessionTimeout().toMillis(),
        settings.renewInterval().toMillis(),
        settings.renewTimeout().toMillis(),
        settings.safetyMargin().toMillis(),
        settings.retryInterval().toMillis());
  }

  @Override
  public String nodeId() {
    return settings.nodeId();
  }

  @Override
  public Duration fencingBound() {
    return settings.idleSessionTimeout();
  }

  @Override
  public GatewayLease claim(String brokerId, LeaseListener listener) {
    PostgresGatewayLease lease =
        new PostgresGatewayLease(
            brokerId,
            settings,
            dataSource,
            listener,
            watchdog,
            System::nanoTime,
            Clock.systemUTC(),
            () -> claims.remove(brokerId));
    if (claims.putIfAbsent(brokerId, lease) != null) {
      throw new IllegalStateException("this node already claims the lease of " + brokerId);
    }
    lease.start();
    return lease;
  }

  @Deactivate
  void deactivate() {
    claims.values().forEach(PostgresGatewayLease::close);
    watchdog.shutdownNow();
  }

  static void refusePooled(Map<String, Object> properties, DataSource dataSource) {
    Object pool = properties.get("pool");
    String type = dataSource.getClass().getName();
    if (pool != null || POOL_PACKAGES.stream().anyMatch(type::startsWith)) {
      throw new IllegalArgumentException(
          "the lease DataSource "
              + properties.getOrDefault("dataSourceName", type)
              + " is pooled ("
              + (pool != null ? "pool=" + pool : type)
              + "): a lease needs its own session; configure a pax-jdbc DataSource without"
              + " 'pool'");
    }
  }

  private static String defaultNodeId() {
    String karaf = System.getProperty("karaf.name", "node");
    try {
      return karaf + "@" + InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return karaf + "@localhost";
    }
  }
}
