package org.tradeplatform.position.operations.internal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.tradeplatform.broker.api.ConnectionState;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * Reads the sync and connection status APIs at scrape time and turns them into Prometheus
 * snapshots, so the counters are the components' own and survive an update of this bundle. Only
 * label {@code broker_id} (and the enumerations {@code outcome}, {@code state}); never an account.
 * Stateless apart from its two suppliers.
 */
final class StatusCollector implements MultiCollector {

  static final String BROKER_ID = "broker_id";

  private final Supplier<Optional<PositionSyncStatus>> syncStatus;
  private final Supplier<List<ConnectionStatus>> connections;

  StatusCollector(
      Supplier<Optional<PositionSyncStatus>> syncStatus,
      Supplier<List<ConnectionStatus>> connections) {
    this.syncStatus = syncStatus;
    this.connections = connections;
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> out = new ArrayList<>();
    syncStatus.get().ifPresent(status -> sessions(new TreeMap<>(status.sessions()), out));
    gateways(connections.get(), out);
    return new MetricSnapshots(out);
  }

  private static void sessions(Map<String, SyncStatistics> sessions, List<MetricSnapshot> out) {
    out.add(
        counter(
            "position_sync_syncs_started",
            "Syncs begun, per bound broker session.",
            sessions,
            SyncStatistics::syncsStarted));
    CounterSnapshot.Builder syncs =
        CounterSnapshot.builder()
            .name("position_sync_syncs")
            .help(
                "Syncs finished, per bound broker session, by outcome (succeeded, failed,"
                    + " abandoned: the session went away before it could write).");
    sessions.forEach(
        (id, s) -> {
          syncs.dataPoint(
              point(Labels.of(BROKER_ID, id, "outcome", "succeeded"), s.syncsSucceeded()));
          syncs.dataPoint(point(Labels.of(BROKER_ID, id, "outcome", "failed"), s.syncsFailed()));
          syncs.dataPoint(
              point(Labels.of(BROKER_ID, id, "outcome", "abandoned"), s.syncsAbandoned()));
        });
    out.add(syncs.build());
    out.add(
        counter(
            "position_sync_callback_triggers",
            "Position changes heard from the broker (callback triggers).",
            sessions,
            SyncStatistics::callbackTriggers));
    out.add(
        counter(
            "position_sync_coalesced_triggers",
            "Callback triggers that joined a sync already scheduled.",
            sessions,
            SyncStatistics::coalescedTriggers));
    out.add(
        counter(
            "position_sync_drift_rows",
            "Rows a full reconcile had to change that the change path had not written.",
            sessions,
            SyncStatistics::drift));
    out.add(
        gauge(
            "position_sync_positions_held",
            "Open positions of the session's accounts after the last sync.",
            sessions,
            SyncStatistics::positionsHeld));
    out.add(
        gauge(
            "position_sync_syncs_queued",
            "Syncs of the session waiting for a worker of the sync component's pool.",
            sessions,
            SyncStatistics::syncsQueued));
    Map<String, SyncStatistics> succeeded = new TreeMap<>(sessions);
    succeeded.values().removeIf(s -> s.lastSuccessAt() == null);
    out.add(
        gauge(
            "position_sync_last_success_timestamp_seconds",
            "When the last successful sync finished (Unix time).",
            succeeded,
            s -> s.lastSuccessAt().toEpochMilli() / 1000.0));
    Map<String, SyncStatistics> synced = new TreeMap<>(sessions);
    synced.values().removeIf(s -> s.lastSyncDuration() == null);
    out.add(
        gauge(
            "position_sync_last_sync_duration_seconds",
            "How long the last sync took, broker answer and store included.",
            synced,
            s -> s.lastSyncDuration().toNanos() / 1e9));
  }

  private static void gateways(List<ConnectionStatus> connections, List<MetricSnapshot> out) {
    GaugeSnapshot.Builder state =
        GaugeSnapshot.builder()
            .name("position_sync_gateway_state")
            .help("1 for the state each configured gateway connection is in, 0 for the others.");
    CounterSnapshot.Builder reconnects =
        CounterSnapshot.builder()
            .name("position_sync_gateway_reconnects")
            .help("Connections made after the first one since the connection component started.");
    for (ConnectionStatus c : connections) {
      for (ConnectionState s : ConnectionState.values()) {
        state.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(Labels.of(BROKER_ID, c.brokerId(), "state", s.name().toLowerCase()))
                .value(c.state() == s ? 1 : 0)
                .build());
      }
      reconnects.dataPoint(point(Labels.of(BROKER_ID, c.brokerId()), c.reconnects()));
    }
    out.add(state.build());
    out.add(reconnects.build());
  }

  private static CounterSnapshot counter(
      String name,
      String help,
      Map<String, SyncStatistics> sessions,
      ToDoubleFunction<SyncStatistics> value) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
    sessions.forEach(
        (id, s) -> b.dataPoint(point(Labels.of(BROKER_ID, id), value.applyAsDouble(s))));
    return b.build();
  }

  private static GaugeSnapshot gauge(
      String name,
      String help,
      Map<String, SyncStatistics> sessions,
      ToDoubleFunction<SyncStatistics> value) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    sessions.forEach(
        (id, s) ->
            b.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of(BROKER_ID, id))
                    .value(value.applyAsDouble(s))
                    .build()));
    return b.build();
  }

  private static CounterDataPointSnapshot point(Labels labels, double value) {
    return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }
}
