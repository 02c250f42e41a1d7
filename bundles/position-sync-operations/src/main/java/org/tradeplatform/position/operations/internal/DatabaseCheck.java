package org.tradeplatform.position.operations.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.ResultLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Health check "database": borrows a connection of the positions DataSource and asks {@link
 * Connection#isValid(int)}, on a thread of its own, and answers CRITICAL itself when that takes
 * longer than one second — independent of the pool's timeouts and of the HC executor's. At most one
 * probe is in flight: a probe still hanging from an earlier check is reported, not repeated.
 * Thread-safe: {@code execute} is synchronized; the DataSource reference is volatile.
 */
@Component(
    service = HealthCheck.class,
    // immediate: Felix HC ungets the service after each run, and a delayed component would then
    // lose what it tracks between runs (since when a gateway has no session, a hanging probe)
    immediate = true,
    configurationPid = DatabaseCheck.PID,
    property = {
      HealthCheck.NAME + "=" + DatabaseCheck.NAME,
      HealthCheck.TAGS + "=position-sync",
      HealthCheck.TAGS + "=database"
    })
@Designate(ocd = DatabaseCheck.Config.class)
public final class DatabaseCheck implements HealthCheck {

  static final String NAME = "Position sync: database";
  static final String PID = "org.tradeplatform.position.operations.database";
  static final Duration BOUND = Duration.ofSeconds(1);

  @ObjectClassDefinition(
      name = "Position sync: database check",
      description = "Which DataSource the database health check probes")
  public @interface Config {
    @AttributeDefinition(
        name = "dataSource.target",
        description = "Filter of the DataSource to probe; the repository's by default")
    String dataSource_target() default "(dataSourceName=positions)";
  }

  private final Clock clock;
  private final ExecutorService prober;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile DataSource dataSource;

  private CompletableFuture<Duration> inFlight = CompletableFuture.completedFuture(Duration.ZERO);
  private Instant inFlightSince;

  @Activate
  public DatabaseCheck() {
    this(Clock.systemUTC());
  }

  DatabaseCheck(Clock clock) {
    this.clock = clock;
    this.prober =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "position-sync-database-check");
              t.setDaemon(true);
              return t;
            });
  }

  @Deactivate
  void deactivate() {
    prober.shutdownNow();
  }

  void setDataSource(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public synchronized Result execute() {
    ResultLog log = new ResultLog();
    DataSource current = dataSource;
    Instant now = clock.instant();
    if (current == null) {
      log.add(
          new ResultLog.Entry(
              Status.CRITICAL,
              "no positions DataSource is registered: check etc/org.ops4j.datasource-positions.cfg"
                  + " and feature pax-jdbc-config (service:list javax.sql.DataSource)"));
      return new Result(log);
    }
    if (!inFlight.isDone()) {
      log.add(
          new ResultLog.Entry(
              Status.CRITICAL,
              "the database has not answered a probe started at "
                  + SyncFreshness.at(inFlightSince)
                  + ": check that PostgreSQL runs and is reachable from this host"));
      return new Result(log);
    }
    inFlightSince = now;
    inFlight = CompletableFuture.supplyAsync(() -> probe(current), prober);
    try {
      Duration took = inFlight.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      log.add(
          new ResultLog.Entry(Status.OK, "the database answered in " + took.toMillis() + " ms"));
    } catch (TimeoutException e) {
      log.add(
          new ResultLog.Entry(
              Status.CRITICAL,
              "the database did not answer within "
                  + BOUND.toMillis()
                  + " ms (probe started at "
                  + SyncFreshness.at(now)
                  + "): check that PostgreSQL runs and is reachable from this host"));
    } catch (ExecutionException e) {
      log.add(
          new ResultLog.Entry(
              Status.CRITICAL,
              "the database refused the probe at "
                  + SyncFreshness.at(now)
                  + ": "
                  + e.getCause().getMessage()
                  + " — check PostgreSQL, the url and user in"
                  + " etc/org.ops4j.datasource-positions.cfg and the password in ~/.pgpass"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.add(new ResultLog.Entry(Status.CRITICAL, "the database probe was interrupted"));
    }
    return new Result(log);
  }

  private static Duration probe(DataSource dataSource) {
    long start = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isValid((int) BOUND.toSeconds())) {
        throw new IllegalStateException("the connection did not validate");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
