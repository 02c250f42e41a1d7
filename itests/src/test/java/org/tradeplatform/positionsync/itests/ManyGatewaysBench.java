package org.tradeplatform.positionsync.itests;

import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;
import org.tradeplatform.position.api.PositionEvents;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * The many-gateways ramp in one real Karaf (not run by {@code mvn verify}: failsafe runs {@code
 * *IT} only): {@code bench.gateways} simulators, started through the simulator's control API, each
 * with {@code bench.positions} positions; then as many IBKR gateway configurations appear at once.
 * Measures the time until every session's first reconcile committed, its phases per session,
 * threads per gateway and live heap per position (after GC), and checks that the table is exact.
 * Appends its result to {@code bench/results/many-gateways.md}. See bench/README.md.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManyGatewaysBench extends SyncStackSupport {

  private static final String SIMULATOR_THREADS = "ibkr-sim-";

  /** Per broker id: when its session registered and when its first sync committed (nanoTime). */
  private final Map<String, Long> registeredAt = new ConcurrentHashMap<>();

  private final Map<String, Long> reconciledAt = new ConcurrentHashMap<>();

  @Configuration
  public Option[] config() {
    List<Option> options =
        new ArrayList<>(
            List.of(karaf("many_gateways", "position-sync-simulator", "position-sync")));
    options.addAll(List.of(syncConfiguration(5, 300)));
    // the DataSource pool as shipped (the tests' 4 is below the default syncThreads of 6)
    options.add(editConfigurationFilePut(CFG_DATASOURCE, "hikari.maximumPoolSize", "8"));
    String results = System.getProperty("bench.results", "../bench/results/many-gateways.md");
    options.add(property("bench.results", Path.of(results).toAbsolutePath().toString()));
    for (String[] knob :
        new String[][] {
          {"bench.gateways", "50"}, {"bench.positions", "2000"}, {"bench.label", "run"}
        }) {
      options.add(property(knob[0], System.getProperty(knob[0], knob[1])));
    }
    // the heap the distribution ships (distribution/assembly/src/main/resources/bin/setenv)
    options.add(vmOptions("-Xmx" + System.getProperty("bench.xmx", "1g")));
    return options.toArray(new Option[0]);
  }

  private static Option property(String key, String value) {
    return editConfigurationFilePut("etc/system.properties", key, value);
  }

  @Test
  public void ramp() throws Exception {
    int gateways = Integer.getInteger("bench.gateways");
    int positions = Integer.getInteger("bench.positions");
    List<GatewaySimulator> simulators = startSimulators(gateways, positions);
    try {
      repository().syncRuns(1); // the schema is migrated
      Census before = Census.take();
      String loadBefore = loadAverage();

      ServiceListener sessions = this::onSessionEvent;
      bundleContext.addServiceListener(
          sessions, "(objectClass=" + BrokerSession.class.getName() + ")");
      Dictionary<String, Object> topics = new Hashtable<>();
      topics.put(EventConstants.EVENT_TOPIC, PositionEvents.SYNCED);
      ServiceRegistration<EventHandler> handler =
          bundleContext.registerService(EventHandler.class, this::onSynced, topics);
      long start = System.nanoTime();
      Instant startWall = Instant.now();
      try {
        for (int g = 0; g < gateways; g++) {
          configureGateway(g, simulators.get(g).port());
        }
        long configured = System.nanoTime();
        int[] mostQueued = {0};
        await(
            "every session's first reconcile committed",
            Duration.ofMinutes(10),
            () -> {
              mostQueued[0] = Math.max(mostQueued[0], queuedNow());
              return reconciledAt.size() == gateways;
            });
        SyncStatistics total = syncStatus().total();
        String outcomes =
            mostQueued[0] + " / " + total.syncsFailed() + " / " + total.syncsAbandoned();
        long allReconciled = Collections.max(reconciledAt.values());
        String loadAfter = loadAverage();
        Census after = Census.take();
        awaitTableEquals(() -> books(simulators), Duration.ofMinutes(5));
        String result =
            report(
                gateways,
                positions,
                startWall,
                ms(configured - start),
                ms(allReconciled - start),
                phases(start),
                before,
                after,
                loadBefore + " → " + loadAfter,
                outcomes);
        Path file = Path.of(System.getProperty("bench.results"));
        Files.createDirectories(file.getParent());
        Files.writeString(
            file,
            result,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        System.out.println(result);
      } finally {
        handler.unregister();
        bundleContext.removeServiceListener(sessions);
      }
    } finally {
      simulators.forEach(GatewaySimulator::close);
    }
  }

  // ---------------------------------------------------------------- set-up

  private static String brokerId(int g) {
    return String.format("gw%02d", g + 1);
  }

  private static String account(int g) {
    return String.format("DU70%04d", g + 1);
  }

  /** Syncs of every session waiting for a free sync thread right now. */
  private int queuedNow() {
    return syncStatus().sessions().values().stream().mapToInt(SyncStatistics::syncsQueued).sum();
  }

  private static List<GatewaySimulator> startSimulators(int gateways, int positions)
      throws Exception {
    List<GatewaySimulator> simulators = new ArrayList<>();
    for (int g = 0; g < gateways; g++) {
      GatewaySimulator simulator = GatewaySimulator.start(SimulatorSettings.forTests(account(g)));
      for (int i = 0; i < positions; i++) {
        simulator.setPosition(
            account(g),
            SimulatedContract.stock(1_000_000 + i, "S" + i, "USD"),
            BigDecimal.valueOf((g * 7L + i) % 500 + 1),
            BigDecimal.valueOf(1_000 + i % 4_000, 2));
      }
      simulators.add(simulator);
    }
    return simulators;
  }

  private void configureGateway(int g, int port) throws Exception {
    org.osgi.service.cm.Configuration configuration =
        configAdmin.getFactoryConfiguration(IBKR_FACTORY_PID, brokerId(g), "?");
    Dictionary<String, Object> properties = new Hashtable<>();
    properties.put("broker.id", brokerId(g));
    properties.put("host", "127.0.0.1");
    properties.put("port", String.valueOf(port));
    properties.put("clientId", "1");
    configuration.update(properties);
  }

  private static Map<String, String> books(List<GatewaySimulator> simulators) {
    List<SimulatedPosition> all = new ArrayList<>();
    simulators.forEach(s -> all.addAll(s.book()));
    return bookRows(all);
  }

  private void onSessionEvent(ServiceEvent event) {
    if (event.getType() == ServiceEvent.REGISTERED) {
      Object id = event.getServiceReference().getProperty(BrokerSession.BROKER_ID);
      registeredAt.putIfAbsent(String.valueOf(id), System.nanoTime());
    }
  }

  private void onSynced(Event event) {
    if (SyncTrigger.BIND.name().equals(event.getProperty(PositionEvents.TRIGGER))) {
      reconciledAt.putIfAbsent(
          String.valueOf(event.getProperty(PositionEvents.BROKER_ID)), System.nanoTime());
    }
  }

  // ---------------------------------------------------------------- measurement

  /**
   * Per session, in ms: from the configurations' start to the session's registration and to its
   * first reconcile's commit; that reconcile's database write (its {@code sync_runs} row); and the
   * rest of registered → committed: the broker's answer plus both waits for a sync thread (before
   * asking the broker, and before writing its answer), which only the scheduler can tell apart.
   */
  private Map<String, long[]> phases(long start) {
    Map<String, SyncRun> bindRuns = new TreeMap<>();
    for (SyncRun run : repository().syncRuns(10_000)) {
      if (run.trigger() == SyncTrigger.BIND && "SUCCEEDED".equals(run.status())) {
        bindRuns.merge(run.brokerId(), run, (a, b) -> a.id() < b.id() ? a : b);
      }
    }
    Map<String, long[]> phases = new TreeMap<>();
    for (Map.Entry<String, Long> e : reconciledAt.entrySet()) {
      String id = e.getKey();
      long registered = ms(registeredAt.getOrDefault(id, start) - start);
      long reconciled = ms(e.getValue() - start);
      SyncRun row = bindRuns.get(id);
      long write =
          row == null ? -1 : Duration.between(row.startedAt(), row.finishedAt()).toMillis();
      phases.put(
          id,
          new long[] {
            registered, reconciled, reconciled - registered, write, reconciled - registered - write
          });
    }
    return phases;
  }

  /** Live heap after GC and the JVM's threads grouped by name with the digits taken out. */
  private record Census(long liveHeap, long committedHeap, Map<String, Integer> threads) {

    static Census take() throws InterruptedException {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(500);
      }
      var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      Map<String, Integer> threads = new TreeMap<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        threads.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
      }
      return new Census(heap.getUsed(), heap.getCommitted(), threads);
    }

    int total() {
      return threads.values().stream().mapToInt(Integer::intValue).sum();
    }

    int simulators() {
      return threads.entrySet().stream()
          .filter(e -> e.getKey().startsWith(SIMULATOR_THREADS))
          .mapToInt(Map.Entry::getValue)
          .sum();
    }
  }

  // ---------------------------------------------------------------- report

  private static String report(
      int gateways,
      int positions,
      Instant when,
      long configureMs,
      long allReconciledMs,
      Map<String, long[]> phases,
      Census before,
      Census after,
      String load,
      String outcomes) {
    long total = (long) gateways * positions;
    int ourThreads = (after.total() - after.simulators()) - (before.total() - before.simulators());
    StringBuilder out = new StringBuilder();
    out.append("\n## ")
        .append(System.getProperty("bench.label"))
        .append(": ")
        .append(gateways)
        .append(" gateways × ")
        .append(String.format("%,d", positions))
        .append(" positions (")
        .append(when)
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, -Xmx")
        .append(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20)
        .append(" MB)\n\n");
    out.append("| measure | value |\n|---|---|\n");
    row(out, "machine load average (1 min), start → end of the ramp", load);
    row(out, "configurations created (ms)", configureMs);
    row(
        out,
        "**every session reconciled (ms after the configurations appeared)**",
        allReconciledMs);
    row(
        out,
        "threads per gateway (excluding the simulators')",
        String.format("%+.2f", ourThreads / (double) gateways));
    row(
        out,
        "live heap after GC: before → after (MB)",
        mb(before.liveHeap()) + " → " + mb(after.liveHeap()));
    row(
        out,
        "**live heap per position (KB)**",
        String.format("%.2f", (after.liveHeap() - before.liveHeap()) / 1024.0 / total));
    row(out, "committed heap after (MB)", mb(after.committedHeap()));
    row(out, "table exact (" + String.format("%,d", total) + " rows)", "yes");
    row(
        out,
        "syncs waiting for a sync thread at most (sampled every 100 ms) / failed / abandoned",
        outcomes);
    out.append("\nPer session (ms; p50 / p90 / max over ").append(phases.size()).append("):\n\n");
    out.append("| phase | p50 | p90 | max |\n|---|---|---|---|\n");
    String[] phaseNames = {
      "configurations start → session registered",
      "configurations start → first reconcile committed",
      "session registered → first reconcile committed",
      "of which the database write (its sync_runs row)",
      "of which the rest: broker's answer + waits for a sync thread"
    };
    for (int i = 0; i < phaseNames.length; i++) {
      List<Long> values = new ArrayList<>();
      for (long[] p : phases.values()) {
        values.add(p[i]);
      }
      Collections.sort(values);
      out.append("| ")
          .append(phaseNames[i])
          .append(" | ")
          .append(at(values, 0.5))
          .append(" | ")
          .append(at(values, 0.9))
          .append(" | ")
          .append(values.get(values.size() - 1))
          .append(" |\n");
    }
    out.append("\nThreads that appeared (name with digits as #: before → after):\n\n");
    Set<String> names = new TreeSet<>(before.threads().keySet());
    names.addAll(after.threads().keySet());
    for (String name : names) {
      int was = before.threads().getOrDefault(name, 0);
      int now = after.threads().getOrDefault(name, 0);
      if (was != now) {
        out.append("- `")
            .append(name)
            .append("`: ")
            .append(was)
            .append(" → ")
            .append(now)
            .append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The 1-minute load average: the machine is shared, and a loaded one stretches every time above.
   */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return String.format(
          "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static void row(StringBuilder out, String name, Object value) {
    out.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static long at(List<Long> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static long mb(long bytes) {
    return bytes >> 20;
  }
}
