package org.tradeplatform.positionsync.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.position.api.PositionEvents;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * End-to-end latency benchmark in a real Karaf (not run by {@code mvn verify}: failsafe runs {@code
 * *IT} only). Trade at the simulator → row committed (seen as the CHANGED event posted after
 * commit), with debounce 0 and 5; a burst of 10,000 changes in one second; rebind after {@code
 * bundle:update} of the ibkr bundle with a 1,000-position book. Writes {@code
 * bench/results/e2e.md}. See bench/README.md for the command.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EndToEndBench extends SyncStackSupport {

  private static final String ACCOUNT = "DU111111";

  private final Map<String, Long> committedAt = new ConcurrentHashMap<>();
  private final List<Long> bindSyncsAt = Collections.synchronizedList(new ArrayList<>());

  @Configuration
  public Option[] config() {
    String results = System.getProperty("bench.results", "../bench/results/e2e.md");
    return stack(
        "bench",
        freePort(),
        concat(
            syncConfiguration(0, 60),
            editConfigurationFilePut(
                "etc/system.properties",
                "bench.results",
                Path.of(results).toAbsolutePath().toString()),
            editConfigurationFilePut(
                "etc/system.properties",
                "bench.isolated",
                System.getProperty("bench.isolated", "1000")),
            editConfigurationFilePut(
                "etc/system.properties",
                "bench.isolated.debounced",
                System.getProperty("bench.isolated.debounced", "40"))));
  }

  private static Option[] concat(Option[] base, Option... extra) {
    List<Option> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(extra));
    return all.toArray(new Option[0]);
  }

  @Test
  public void measure() throws Exception {
    Dictionary<String, Object> topics = new Hashtable<>();
    topics.put(
        EventConstants.EVENT_TOPIC, new String[] {PositionEvents.CHANGED, PositionEvents.SYNCED});
    ServiceRegistration<EventHandler> handler =
        bundleContext.registerService(EventHandler.class, this::onEvent, topics);
    try {
      GatewaySimulator simulator = simulator();
      awaitExact(simulator, Duration.ofSeconds(60));
      StringBuilder out = new StringBuilder();
      out.append("# End-to-end benchmark (").append(Instant.now()).append(")\n\n");
      out.append(
          "Simulator trade → row committed (CHANGED event, posted after commit), in Karaf.\n\n");

      setDebounce(0);
      List<Long> fast = isolatedChanges(simulator, Integer.getInteger("bench.isolated"), 50);
      out.append(percentiles("isolated changes, debounce 0", fast));

      setDebounce(5);
      List<Long> slow =
          isolatedChanges(simulator, Integer.getInteger("bench.isolated.debounced"), 5_200);
      out.append(percentiles("isolated changes, debounce 5 (each after ≥ 5.2 s quiet)", slow));

      out.append(burst(simulator, 10_000));
      out.append(rebindAfterUpdate(simulator, 1_000, 5));
      Path file = Path.of(System.getProperty("bench.results"));
      Files.createDirectories(file.getParent());
      Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
      System.out.println(out);
    } finally {
      handler.unregister();
    }
  }

  private void onEvent(Event event) {
    long now = System.nanoTime();
    if (PositionEvents.SYNCED.equals(event.getTopic())) {
      if ("BIND".equals(event.getProperty(PositionEvents.TRIGGER))) {
        bindSyncsAt.add(now);
      }
      return;
    }
    Object quantity = event.getProperty(PositionEvents.NEW_QUANTITY);
    String key =
        event.getProperty(PositionEvents.ACCOUNT)
            + "/"
            + event.getProperty(PositionEvents.CON_ID)
            + "="
            + new BigDecimal(quantity.toString()).stripTrailingZeros().toPlainString();
    committedAt.putIfAbsent(key, now);
  }

  private List<Long> isolatedChanges(GatewaySimulator simulator, int count, long quietMillis)
      throws InterruptedException {
    SimulatedContract contract = SimulatedContract.stock(900_001, "LAT", "USD");
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread.sleep(quietMillis);
      long start = System.nanoTime();
      BigDecimal quantity =
          simulator.trade(ACCOUNT, contract, BigDecimal.ONE, new BigDecimal("10")).quantity();
      String key =
          ACCOUNT + "/" + contract.conId() + "=" + quantity.stripTrailingZeros().toPlainString();
      await("commit of " + key, Duration.ofSeconds(30), () -> committedAt.containsKey(key));
      latencies.add(committedAt.get(key) - start);
    }
    return latencies;
  }

  private String burst(GatewaySimulator simulator, int changes) throws Exception {
    SyncStatistics before = stats();
    SimulatedContract[] contracts = new SimulatedContract[20];
    for (int i = 0; i < contracts.length; i++) {
      contracts[i] = SimulatedContract.stock(910_000 + i, "B" + i, "USD");
    }
    long start = System.nanoTime();
    long lastChange = start;
    for (int i = 0; i < changes; i++) {
      // Paced over one second: 10 changes per millisecond.
      long due = start + i * 100_000L;
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      simulator.trade(
          ACCOUNT, contracts[i % contracts.length], BigDecimal.ONE, new BigDecimal("5"));
      lastChange = System.nanoTime();
    }
    awaitExact(simulator, Duration.ofSeconds(60));
    long exact = System.nanoTime();
    SyncStatistics after = stats();
    return "\n## Burst: "
        + changes
        + " changes in "
        + ms(lastChange - start)
        + " ms, debounce 5\n\n"
        + "| syncs succeeded during the burst | last change → table exact (ms) |\n|---|---|\n| "
        + (after.syncsSucceeded() - before.syncsSucceeded())
        + " | "
        + ms(exact - lastChange)
        + " |\n";
  }

  private String rebindAfterUpdate(GatewaySimulator simulator, int book, int repeats)
      throws Exception {
    for (int i = 0; i < book; i++) {
      simulator.setPosition(
          ACCOUNT,
          SimulatedContract.stock(800_000 + i, "K" + i, "USD"),
          BigDecimal.TEN,
          BigDecimal.ONE);
    }
    awaitExact(simulator, Duration.ofSeconds(120));
    List<Long> times = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      int bindsBefore = bindSyncsAt.size();
      byte[] rebuilt = RebuiltJar.of(bundle("ibkr").getLocation(), "bench-" + r);
      long start = System.nanoTime();
      bundle("ibkr").update(new ByteArrayInputStream(rebuilt));
      await(
          "callbacks registered and a bind sync committed",
          Duration.ofSeconds(60),
          () -> bindSyncsAt.size() > bindsBefore && stats().registeredCallbacks() == 1);
      times.add(bindSyncsAt.get(bindsBefore) - start);
      awaitExact(simulator, Duration.ofSeconds(60));
    }
    return "\n## Rebind after bundle:update of the ibkr bundle, "
        + book
        + "-position book\n\n"
        + "update → callbacks registered and first (bind) sync committed, ms: "
        + times.stream().map(EndToEndBench::ms).toList()
        + "\n";
  }

  private void setDebounce(int seconds) throws Exception {
    updateSync(Map.of("debounceSeconds", String.valueOf(seconds)));
    Thread.sleep(1_000); // @Modified is asynchronous; nothing to observe but the next sync
  }

  private void awaitExact(GatewaySimulator simulator, Duration timeout) {
    awaitTableEquals(() -> bookRows(simulator.book()), timeout);
  }

  private SyncStatistics stats() {
    SyncStatistics s = statisticsOrNull();
    return s == null ? new SyncStatistics(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null) : s;
  }

  private static String percentiles(String title, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return "\n## "
        + title
        + "\n\n| n | p50 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|\n| "
        + sorted.size()
        + " | "
        + ms(at(sorted, 0.50))
        + " | "
        + ms(at(sorted, 0.99))
        + " | "
        + ms(sorted.get(sorted.size() - 1))
        + " |\n";
  }

  private static long at(List<Long> sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static String ms(long nanos) {
    return String.format("%.1f", nanos / 1_000_000.0);
  }
}
