package org.tradeplatform.position.operations.internal;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.position.api.HeardChange;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncObserver;
import org.tradeplatform.position.api.SyncReport;

/**
 * The operations bundle's own Prometheus registry: the status APIs read at scrape time, plus the
 * two series only a sync report can give — the change → commit latency histogram and syncs by
 * trigger and outcome. A new instance per activation, so an update of this bundle never meets a
 * name already registered. Thread-safe: the library's metrics are.
 */
public final class SyncMetrics implements SyncObserver {

  /** Classic buckets below the debounce window (seconds); the window and above are added. */
  private static final double[] FAST = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Histogram latency;
  private final Counter syncs;

  public SyncMetrics(
      Duration debounce,
      Supplier<Optional<PositionSyncStatus>> syncStatus,
      Supplier<List<ConnectionStatus>> connections) {
    registry.register(new StatusCollector(syncStatus, connections));
    latency =
        Histogram.builder()
            .name("position_sync_change_commit_latency_seconds")
            .help(
                "From the first broker callback of a position change to the commit that wrote it"
                    + " (monotonic clock).")
            .labelNames(StatusCollector.BROKER_ID)
            .classicOnly()
            .classicUpperBounds(buckets(debounce))
            .withoutExemplars()
            .register(registry);
    syncs =
        Counter.builder()
            .name("position_sync_syncs_by_trigger_total")
            .help(
                "Syncs finished since this bundle started, by trigger (bind, periodic, callback,"
                    + " manual) and outcome (succeeded, failed, abandoned).")
            .labelNames(StatusCollector.BROKER_ID, "trigger", "outcome")
            .withoutExemplars()
            .register(registry);
  }

  /** Bucket bounds up to debounce + 30 s. */
  static double[] buckets(Duration debounce) {
    double d = debounce.toMillis() / 1000.0;
    TreeSet<Double> bounds = new TreeSet<>();
    for (double b : FAST) {
      bounds.add(b);
    }
    for (double extra : new double[] {0, 0.5, 1, 2, 5, 10, 20, 30}) {
      bounds.add(d + extra);
    }
    bounds.removeIf(b -> b <= 0);
    return bounds.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Override
  public void syncFinished(SyncReport report) {
    syncs
        .labelValues(
            report.brokerId(),
            report.trigger().name().toLowerCase(),
            report.outcome().name().toLowerCase())
        .inc();
    if (report.heardChanges().isEmpty()) {
      return;
    }
    var perSession = latency.labelValues(report.brokerId());
    for (HeardChange change : report.heardChanges()) {
      perSession.observe(Math.max(0, change.latencyNanos()) / 1e9);
    }
  }

  /** The registry the metrics servlet writes. */
  public PrometheusRegistry registry() {
    return registry;
  }
}
