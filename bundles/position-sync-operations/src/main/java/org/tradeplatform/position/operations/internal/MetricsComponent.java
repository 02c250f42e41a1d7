package org.tradeplatform.position.operations.internal;

import java.util.Hashtable;
import java.util.Optional;
import javax.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tradeplatform.broker.api.ConnectionStatusService;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncObserver;

/**
 * Publishes the metrics: creates this activation's {@link SyncMetrics}, serves it at {@code
 * /metrics} through the HTTP Whiteboard and registers it as a {@link SyncObserver}; everything is
 * dropped on deactivate. The observer is registered by hand, not as this component's service: the
 * sync component binds observers and this component binds the sync status, so a DS service would
 * make a cycle that leaves the status unbound. Thread-safe: references are volatile or
 * copy-on-write; the metrics are final.
 */
@Component
public final class MetricsComponent {

  static final String PATH = "/metrics";

  private final ConnectionStatuses statuses = new ConnectionStatuses();
  private final SyncMetrics metrics;
  private final ServiceRegistration<Servlet> servlet;
  private final ServiceRegistration<SyncObserver> observer;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile PositionSyncStatus syncStatus;

  @Activate
  public MetricsComponent(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
    metrics =
        new SyncMetrics(
            SyncConfigurationView.read(configAdmin).debounce(),
            () -> Optional.ofNullable(syncStatus),
            statuses::connections);
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put("osgi.http.whiteboard.servlet.pattern", PATH);
    properties.put("osgi.http.whiteboard.servlet.name", "position-sync-metrics");
    servlet =
        context.registerService(Servlet.class, new MetricsServlet(metrics.registry()), properties);
    observer = context.registerService(SyncObserver.class, metrics, null);
  }

  @Deactivate
  void deactivate() {
    observer.unregister();
    servlet.unregister();
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindConnectionStatus(ConnectionStatusService service) {
    statuses.add(service);
  }

  void unbindConnectionStatus(ConnectionStatusService service) {
    statuses.remove(service);
  }
}
