package org.tradeplatform.position.operations.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tradeplatform.position.api.PositionSyncStatus;

/**
 * Health check "sync freshness": evaluates {@link SyncFreshness} over the sync component's status.
 * Registered whether or not the sync component runs (its absence is CRITICAL). Thread-safe: the
 * status reference is volatile and the bound-since map concurrent.
 */
@Component(
    service = HealthCheck.class,
    // immediate: Felix HC ungets the service after each run, and a delayed component would then
    // lose what it tracks between runs (since when a gateway has no session, a hanging probe)
    immediate = true,
    property = {
      HealthCheck.NAME + "=" + SyncFreshnessCheck.NAME,
      HealthCheck.TAGS + "=position-sync",
      HealthCheck.TAGS + "=sync-freshness"
    })
public final class SyncFreshnessCheck implements HealthCheck {

  static final String NAME = "Position sync: sync freshness";

  private final ConfigurationAdmin configAdmin;
  private final Clock clock;

  /** When each session was first seen bound (for a session without a successful sync yet). */
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile PositionSyncStatus status;

  @Activate
  public SyncFreshnessCheck(@Reference ConfigurationAdmin configAdmin) {
    this(configAdmin, Clock.systemUTC());
  }

  SyncFreshnessCheck(ConfigurationAdmin configAdmin, Clock clock) {
    this.configAdmin = configAdmin;
    this.clock = clock;
  }

  @Override
  public Result execute() {
    Instant now = clock.instant();
    Optional<PositionSyncStatus> current = Optional.ofNullable(status);
    current.ifPresent(s -> firstSeen.keySet().retainAll(s.sessions().keySet()));
    return new Result(
        SyncFreshness.evaluate(
            current,
            SyncConfigurationView.read(configAdmin),
            id -> firstSeen.computeIfAbsent(id, k -> now),
            now));
  }

  void setStatus(PositionSyncStatus status) {
    this.status = status;
  }
}
