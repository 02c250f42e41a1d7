package org.tradeplatform.position.operations.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
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
 * read as OK. Thread-safe: each reference is volatile with the instant it was last seen missing.
 */
@Component(
    service = HealthCheck.class,
    property = {
      HealthCheck.NAME + "=" + PresenceCheck.NAME,
      HealthCheck.TAGS + "=position-sync",
      HealthCheck.TAGS + "=presence"
    })
public final class PresenceCheck implements HealthCheck {

  static final String NAME = "Position sync: services present";

  private final Clock clock;
  private final Instant activatedAt;

  private volatile PositionSyncStatus syncStatus;
  private volatile Instant syncStatusGoneAt;
  private volatile PositionRepository repository;
  private volatile Instant repositoryGoneAt;
  private volatile ConnectionStatusService connections;
  private volatile Instant connectionsGoneAt;

  @Activate
  public PresenceCheck() {
    this(Clock.systemUTC());
  }

  PresenceCheck(Clock clock) {
    this.clock = clock;
    this.activatedAt = clock.instant();
  }

  @Override
  public Result execute() {
    ResultLog log = new ResultLog();
    line(log, syncStatus, syncStatusGoneAt, "the sync status (position-sync bundle)");
    line(log, repository, repositoryGoneAt, "the position repository (position-repository bundle)");
    line(log, connections, connectionsGoneAt, "the connection status service (ibkr bundle)");
    return new Result(log);
  }

  private void line(ResultLog log, Object service, Instant goneAt, String what) {
    if (service != null) {
      log.add(new ResultLog.Entry(Status.OK, what + " is registered"));
      return;
    }
    Instant since = Optional.ofNullable(goneAt).orElse(activatedAt);
    log.add(
        new ResultLog.Entry(
            Status.CRITICAL,
            what
                + " is not registered (missing since "
                + SyncFreshness.at(since)
                + "): run feature:install position-sync, then bundle:list and the log to see why"
                + " it does not start"));
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindSyncStatus(PositionSyncStatus service) {
    syncStatus = service;
  }

  void unbindSyncStatus(PositionSyncStatus service) {
    if (syncStatus == service) {
      syncStatus = null;
      syncStatusGoneAt = clock.instant();
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindRepository(PositionRepository service) {
    repository = service;
  }

  void unbindRepository(PositionRepository service) {
    if (repository == service) {
      repository = null;
      repositoryGoneAt = clock.instant();
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindConnections(ConnectionStatusService service) {
    connections = service;
  }

  void unbindConnections(ConnectionStatusService service) {
    if (connections == service) {
      connections = null;
      connectionsGoneAt = clock.instant();
    }
  }
}
