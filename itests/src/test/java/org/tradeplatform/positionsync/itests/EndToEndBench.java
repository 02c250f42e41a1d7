package org.tradeplatform.positionsync.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
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
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.position.api.HeardChange;
import org.tradeplatform.position.api.PositionEvents;
import org.tradeplatform.position.api.SyncObserver;
import org.tradeplatform.position.api.SyncReport;
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
  private final Map<PositionKey, HeardChange> heard = new ConcurrentHashMap<>();

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
    ServiceRegistration<SyncObserver> observer =
        bundleContext.registerService(SyncObserver.class, this::onReport, new Hashtable<>());
    try {
      GatewaySimulator simulator = simulator();
      awaitExact(simulator, Duration.ofSeconds(60));
      StringBuilder out = new StringBuilder();
      out.append("# End-to-end benchmark (").append(Instant.now()).append(")\n\n");
      out.append(
          "Simulator trade → row committed, in Karaf. \"to commit\": from the trade to the sync"
              + " run's `finished_at` (`clock_timestamp()` in the transaction's last statement,"
              + " sent with the commit's preceding round trip; the commit's WAL flush follows it)."
              + " \"to event\": to the CHANGED event, posted asynchronously after the commit.\n\n");
      out.append(databaseFacts()).append('\n');

      setDebounce(0);
      List<Long> toEvent = new ArrayList<>();
      Legs legs = new Legs();
      List<Long> fast =
          isolatedChanges(simulator, Integer.getInteger("bench.isolated"), 50, toEvent, legs);
      out.append(percentiles("isolated changes, debounce 0, to commit", fast));
      out.append(percentiles("isolated changes, debounce 0, to event", toEvent));
      out.append(
          "\nThe legs of \"to event\" (debounce 0), from the sync observer's first-heard and"
              + " commit instants (monotonic clock, same JVM); trades whose change a reconcile"
              + " wrote before the callback was heard have no legs: "
              + legs.unheard()
              + ".\n");
      out.append(
          percentiles("trade → first heard (simulator, socket, decoder, listener)", legs.toHeard));
      out.append(
          percentiles(
              "first heard → committed (scheduling, three round trips, commit)", legs.toCommit));
      out.append(percentiles("committed → CHANGED event delivered", legs.toEvent));

      setDebounce(5);
      List<Long> slowToEvent = new ArrayList<>();
      List<Long> slow =
          isolatedChanges(
              simulator,
              Integer.getInteger("bench.isolated.debounced"),
              5_200,
              slowToEvent,
              new Legs());
      out.append(
          percentiles("isolated changes, debounce 5 (each after ≥ 5.2 s quiet), to commit", slow));
      out.append(
          percentiles(
              "isolated changes, debounce 5 (each after ≥ 5.2 s quiet), to event", slowToEvent));

      out.append(burst(simulator, 10_000));
      out.append(rebindAfterUpdate(simulator, 1_000, 5));
      Path file = Path.of(System.getProperty("bench.results"));
      Files.createDirectories(file.getParent());
      Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
      System.out.println(out);
    } finally {
      observer.unregister();
      handler.unregister();
    }
  }

  private void onReport(SyncReport report) {
    report.heardChanges().forEach(change -> heard.put(change.key(), change));
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

  /**
   * Trades one contract {@code count} times; returns trade → commit (the run's finished_at, wall
   * clock, same host) and adds trade → CHANGED event to {@code toEvent}.
   */
  private List<Long> isolatedChanges(
      GatewaySimulator simulator, int count, long quietMillis, List<Long> toEvent, Legs legs)
      throws Exception {
    SimulatedContract contract = SimulatedContract.stock(900_001, "LAT", "USD");
    List<Long> latencies = new ArrayList<>();
    DataSource database = service(DataSource.class, "(dataSourceName=positions)");
    for (int i = 0; i < count; i++) {
      Thread.sleep(quietMillis);
      PositionKey position = new PositionKey(ACCOUNT, contract.conId());
      heard.remove(position);
      long start = System.nanoTime();
      Instant wallStart = Instant.now();
      BigDecimal quantity =
          simulator.trade(ACCOUNT, contract, BigDecimal.ONE, new BigDecimal("10")).quantity();
      String key =
          ACCOUNT + "/" + contract.conId() + "=" + quantity.stripTrailingZeros().toPlainString();
      await("commit of " + key, Duration.ofSeconds(30), () -> committedAt.containsKey(key));
      long eventAt = committedAt.get(key);
      toEvent.add(eventAt - start);
      // A change a reconcile wrote before its callback was heard has no first-heard instant: the
      // observer reports it without this key, and the legs skip that trade (counted).
      long due = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (!heard.containsKey(position) && System.nanoTime() < due) {
        Thread.sleep(1);
      }
      HeardChange change = heard.get(position);
      if (change == null) {
        legs.unheard.incrementAndGet();
      } else {
        legs.toHeard.add(change.firstHeardNanos() - start);
        legs.toCommit.add(change.latencyNanos());
        legs.toEvent.add(eventAt - change.committedNanos());
      }
      latencies.add(finishedAt(database, contract.conId(), quantity) - micros(wallStart) * 1_000);
    }
    return latencies;
  }

  /** The three legs of trade → event, in nanoseconds. */
  private record Legs(
      List<Long> toHeard, List<Long> toCommit, List<Long> toEvent, AtomicInteger unheard) {
    Legs() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new AtomicInteger());
    }
  }

  /** Wall-clock nanoseconds of the finish of the run that wrote this quantity. */
  private static long finishedAt(DataSource database, long conId, BigDecimal quantity)
      throws SQLException {
    try (Connection c = database.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select (extract(epoch from r.finished_at) * 1000000)::bigint"
                    + " from position_history h join sync_runs r on r.id = h.sync_run_id"
                    + " where h.account = ? and h.con_id = ? and h.new_quantity = ?"
                    + " order by h.id desc limit 1")) {
      s.setString(1, ACCOUNT);
      s.setLong(2, conId);
      s.setBigDecimal(3, quantity);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("no history row for " + conId + " = " + quantity);
        }
        return rs.getLong(1) * 1_000;
      }
    }
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
  }

  /** Server version and the durability settings, read back with show. */
  private String databaseFacts() throws SQLException {
    DataSource database = service(DataSource.class, "(dataSourceName=positions)");
    StringBuilder facts = new StringBuilder();
    try (Connection c = database.getConnection();
        java.sql.Statement s = c.createStatement()) {
      for (String query :
          List.of(
              "select version()",
              "show synchronous_commit",
              "show fsync",
              "show wal_sync_method")) {
        try (ResultSet rs = s.executeQuery(query)) {
          rs.next();
          facts.append("- `").append(query).append("`: ").append(rs.getString(1)).append('\n');
        }
      }
    }
    return facts.toString();
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
    return s == null
        ? new SyncStatistics(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null, 0, 0)
        : s;
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
