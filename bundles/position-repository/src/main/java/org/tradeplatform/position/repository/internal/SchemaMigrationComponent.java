package org.tradeplatform.position.repository.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the schema on a thread of its own, then registers the {@link SchemaReady} marker.
 * Activation never blocks: a database that is not reachable yet (Karaf started first) is retried
 * with a growing delay until it is, or until deactivation.
 */
@Component(
    name = SchemaMigrationComponent.NAME,
    configurationPid = PositionRepositoryComponent.PID,
    service = {},
    immediate = true)
public final class SchemaMigrationComponent {

  public static final String NAME = "org.tradeplatform.position.repository.migration";

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrationComponent.class);
  private static final long MAX_RETRY_SECONDS = 60;

  private final BundleContext context;
  private final SchemaMigrator migrator;
  private final String dataSourceTarget;
  private final ScheduledExecutorService executor;
  private final AtomicReference<ServiceRegistration<SchemaReady>> marker = new AtomicReference<>();
  private volatile boolean stopped;

  @Activate
  public SchemaMigrationComponent(
      BundleContext context,
      @Reference(
              name = "migration.dataSource",
              target = PositionRepositoryComponent.DEFAULT_DATA_SOURCE_TARGET)
          DataSource dataSource,
      Map<String, Object> properties) {
    this.context = context;
    this.migrator = new SchemaMigrator(dataSource);
    Object target = properties.get(SchemaReady.DATA_SOURCE_TARGET);
    this.dataSourceTarget =
        target == null ? PositionRepositoryComponent.DEFAULT_DATA_SOURCE_TARGET : target.toString();
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> new Thread(task, "position-schema-migration"));
  }

  @Activate
  void start() {
    executor.execute(() -> migrate(0));
  }

  private void migrate(int failures) {
    if (stopped) {
      return;
    }
    try {
      String version = migrator.migrate();
      Hashtable<String, Object> properties = new Hashtable<>();
      properties.put(SchemaReady.SCHEMA_VERSION, version);
      properties.put(SchemaReady.DATA_SOURCE_TARGET, dataSourceTarget);
      // registered from this thread, never from activation and never under a lock
      ServiceRegistration<SchemaReady> registration =
          context.registerService(SchemaReady.class, new SchemaReady(version), properties);
      marker.set(registration);
      LOG.info("Positions schema is at version {}", version);
      if (stopped) {
        unregisterMarker();
      }
    } catch (RuntimeException e) {
      long delay = Math.min(MAX_RETRY_SECONDS, 1L << Math.min(failures, 6));
      if (failures == 0) {
        // One line an operator can read (the database is often just not up yet); the stack
        // trace is there at DEBUG for whoever needs it.
        LOG.warn(
            "Schema migration failed, retrying every {} s at most: {}",
            MAX_RETRY_SECONDS,
            rootCause(e));
        LOG.debug("Schema migration failure", e);
      } else {
        LOG.debug("Schema migration attempt {} failed: {}", failures + 1, e.toString());
      }
      if (!stopped) {
        executor.schedule(() -> migrate(failures + 1), delay, TimeUnit.SECONDS);
      }
    }
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e.getClass().getSimpleName() + ", caused by " + root;
  }

  @Deactivate
  void stop() throws InterruptedException {
    stopped = true;
    executor.shutdownNow();
    if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
      LOG.warn("Schema migration thread did not stop within 30 s");
    }
    unregisterMarker();
  }

  private void unregisterMarker() {
    ServiceRegistration<SchemaReady> registration = marker.getAndSet(null);
    if (registration != null) {
      try {
        registration.unregister();
      } catch (IllegalStateException alreadyGone) {
        // the framework unregisters services of a stopping bundle itself
      }
    }
  }
}
