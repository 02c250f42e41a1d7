package org.tradeplatform.position.operations.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.ResultLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tradeplatform.broker.api.ConnectionStatusService;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionSyncStatus;

/**
 * Health check "presence": CRITICAL while the sync status, the repository or a connection status
 * service is missing. It is registered whatever it checks is there, so "no checks ran" can never
 * read as OK. Thread-safe: each required service is volatile with the instant it went missing.
 */
@Component(
    service = HealthCheck.class,
    // immediate: Felix HC ungets the service after each run, and a delayed component would then
    // lose what it tracks between runs (since when a gateway has no session, a hanging probe)
    immediate = true,
    property = {
      HealthCheck.NAME + "=" + PresenceCheck.NAME,
      HealthCheck.TAGS + "=position-sync",
      HealthCheck.TAGS + "=presence"
    })
public final class PresenceCheck implements HealthCheck {

  static final String NAME = "Position sync: services present";

  private final Required syncStatus;
  private final Required repository;
  private final Required connections;

  @Activate
  public PresenceCheck() {
    this(Clock.systemUTC());
  }

  PresenceCheck(Clock clock) {
    Instant activatedAt = clock.instant();
    syncStatus = new Required("the sync status (position-sync bundle)", clock, activatedAt);
    repository =
        new Required("the position repository (position-repository bundle)", clock, activatedAt);
    connections = new Required("the connection status service (ibkr bundle)", clock, activatedAt);
  }

  @Override
  public Result execute() {
    ResultLog log = new ResultLog();
    for (Required required : List.of(syncStatus, repository, connections)) {
      log.add(required.line());
    }
    return new Result(log);
  }

  /** One required service: whether it is bound and since when it is missing. */
  private static final class Required {
    private final String what;
    private final Clock clock;
    private volatile Object service;
    private volatile Instant missingSince;

    Required(String what, Clock clock, Instant activatedAt) {
      this.what = what;
      this.clock = clock;
      this.missingSince = activatedAt;
    }

    void bind(Object bound) {
      service = bound;
    }

    void unbind(Object unbound) {
      if (service == unbound) {
        service = null;
        missingSince = clock.instant();
      }
    }

    ResultLog.Entry line() {
      if (service != null) {
        return new ResultLog.Entry(Status.OK, what + " is registered");
      }
      return new ResultLog.Entry(
          Status.CRITICAL,
          what
              + " is not registered (missing since "
              + SyncFreshness.at(missingSince)
              + "): run feature:install position-sync, then bundle:list and the log to see why"
              + " it does not start");
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindSyncStatus(PositionSyncStatus service) {
    syncStatus.bind(service);
  }

  void unbindSyncStatus(PositionSyncStatus service) {
    syncStatus.unbind(service);
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindRepository(PositionRepository service) {
    repository.bind(service);
  }

  void unbindRepository(PositionRepository service) {
    repository.unbind(service);
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindConnections(ConnectionStatusService service) {
    connections.bind(service);
  }

  void unbindConnections(ConnectionStatusService service) {
    connections.unbind(service);
  }
}
