package org.tradeplatform.position.operations.internal;

import java.util.Optional;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tradeplatform.position.api.PositionSyncStatus;

/**
 * Health check "sync freshness": shows the sync component's own health evaluation through {@link
 * SyncFreshness}. Registered whether or not the sync component runs (its absence is CRITICAL).
 * Thread-safe: the status reference is volatile.
 */
@Component(
    service = HealthCheck.class,
    // immediate: Felix HC ungets the service after each run; a delayed component would be
    // activated anew for every run
    immediate = true,
    property = {
      HealthCheck.NAME + "=" + SyncFreshnessCheck.NAME,
      HealthCheck.TAGS + "=position-sync",
      HealthCheck.TAGS + "=sync-freshness"
    })
public final class SyncFreshnessCheck implements HealthCheck {

  static final String NAME = "Position sync: sync freshness";

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile PositionSyncStatus status;

  @Override
  public Result execute() {
    return new Result(SyncFreshness.evaluate(Optional.ofNullable(status)));
  }
}
