package org.tradeplatform.position.operations.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.broker.api.ConnectionStatusService;

/**
 * Health check "gateway connection": evaluates {@link GatewayConnections} over every connection
 * status service. Owns the "no session since" instant of each connection, kept from the first check
 * that saw it without a session until a check sees it ready; guarded by {@code this}.
 */
@Component(
    service = HealthCheck.class,
    // immediate: Felix HC ungets the service after each run, and a delayed component would then
    // lose what it tracks between runs (since when a gateway has no session, a hanging probe)
    immediate = true,
    configurationPid = GatewayConnectionCheck.PID,
    property = {
      HealthCheck.NAME + "=" + GatewayConnectionCheck.NAME,
      HealthCheck.TAGS + "=position-sync",
      HealthCheck.TAGS + "=gateway-connection"
    })
@Designate(ocd = GatewayConnectionCheck.Config.class)
public final class GatewayConnectionCheck implements HealthCheck {

  static final String NAME = "Position sync: gateway connection";
  static final String PID = "org.tradeplatform.position.operations.gateway";

  @ObjectClassDefinition(
      name = "Position sync: gateway connection check",
      description = "When a gateway without a session turns the health check CRITICAL")
  public @interface Config {
    @AttributeDefinition(
        description =
            "Seconds a configured connection may have no broker session before the check is"
                + " CRITICAL (before that: WARN). Longer than the gateway's nightly restart.",
        min = "1")
    long noSessionCriticalSeconds() default 300;
  }

  private final Clock clock;
  private final ConnectionStatuses statuses = new ConnectionStatuses();
  private final Map<String, Instant> noSessionSince = new HashMap<>();
  private volatile Duration criticalAfter;

  @Activate
  public GatewayConnectionCheck(Config config) {
    this(config, Clock.systemUTC());
  }

  GatewayConnectionCheck(Config config, Clock clock) {
    this.clock = clock;
    modified(config);
  }

  @Modified
  void modified(Config config) {
    criticalAfter = Duration.ofSeconds(Math.max(1, config.noSessionCriticalSeconds()));
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindStatusService(ConnectionStatusService service) {
    statuses.add(service);
  }

  void unbindStatusService(ConnectionStatusService service) {
    statuses.remove(service);
  }

  @Override
  public Result execute() {
    Instant now = clock.instant();
    int serviceCount = statuses.serviceCount();
    List<ConnectionStatus> connections = statuses.connections();
    Map<String, Instant> since = trackNoSession(connections);
    return new Result(
        GatewayConnections.evaluate(
            serviceCount, connections, c -> since.get(c.brokerId()), criticalAfter, now));
  }

  private synchronized Map<String, Instant> trackNoSession(List<ConnectionStatus> connections) {
    Set<String> seen = new HashSet<>();
    for (ConnectionStatus c : connections) {
      seen.add(c.brokerId());
      if (c.state().hasSession() || c.state() == ConnectionState.STANDBY) {
        noSessionSince.remove(c.brokerId());
      } else {
        // The state's own start is the best lower bound at the first sight without a session.
        noSessionSince.putIfAbsent(c.brokerId(), c.since());
      }
    }
    noSessionSince.keySet().retainAll(seen);
    return Map.copyOf(noSessionSince);
  }
}
