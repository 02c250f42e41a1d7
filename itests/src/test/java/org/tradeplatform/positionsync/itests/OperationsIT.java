package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.tradeplatform.positionsync.itests.OperationsSupport.CHECK_NAMES;
import static org.tradeplatform.positionsync.itests.OperationsSupport.checkStatus;
import static org.tradeplatform.positionsync.itests.OperationsSupport.overall;
import static org.tradeplatform.positionsync.itests.OperationsSupport.value;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.position.api.SyncRun;

/**
 * The operations feature in a real Karaf: /system/health through every state with real faults,
 * /metrics scraped over HTTP and checked by promtool and by a real Prometheus, the shipped alert
 * rules against a real scrape, and Pax Web on loopback only. One container; the methods run in name
 * order, healthy first, then each fault and its recovery.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class OperationsIT extends FaultStackSupport {

  /** The gateway check's CRITICAL time in this test (shipped default: 300 s). */
  private static final int NO_SESSION_CRITICAL_SECONDS = 8;

  @Configuration
  public Option[] config() {
    List<Option> extra = new ArrayList<>(List.of(syncConfiguration(1, 60)));
    extra.addAll(Arrays.asList(FaultDatabase.throughProxyWithShippedPool("operations")));
    extra.addAll(Arrays.asList(OperationsSupport.operations()));
    extra.add(
        editConfigurationFilePut(
            "etc/org.tradeplatform.position.operations.gateway.cfg",
            "noSessionCriticalSeconds",
            String.valueOf(NO_SESSION_CRITICAL_SECONDS)));
    return stack("operations", freePort(), extra.toArray(new Option[0]));
  }

  // ---------------------------------------------------------------- healthy

  @Test
  public void a_healthIsOkWithOurChecksOnlyNoCorsAndNoRequestSettings() {
    FaultDatabase.up();
    assertConverges("start", PATIENCE);
    Http.Response health = awaitOverall("OK");
    System.out.println("OperationsIT /system/health: " + health.body());
    for (String name : CHECK_NAMES) {
      assertEquals(name + " in " + health.body(), "OK", checkStatus(health.body(), name));
    }
    assertFalse(
        "CORS header sent: " + health.headers(), health.hasHeader("Access-Control-Allow-Origin"));
    assertTrue(health.headers().toString(), health.headers().toString().contains("json"));

    // Request parameters cannot choose other checks, another status mapping or a timeout.
    Http.Response tampered =
        Http.get("/system/health?tags=nothing&httpStatus=OK:503&timeout=1&combineTagsWithOr=false");
    assertEquals(tampered.body(), 200, tampered.status());
    for (String name : CHECK_NAMES) {
      assertEquals(name + " in " + tampered.body(), "OK", checkStatus(tampered.body(), name));
    }
  }

  @Test
  public void b_hcExecShowsTheSameChecks() {
    String out = executeCommand("hc:exec position-sync");
    String words = out.replaceAll("\\s+", " "); // the table wraps long names
    for (String name : CHECK_NAMES) {
      assertTrue(name + " missing from hc:exec:\n" + out, words.contains(name));
    }
    assertTrue(out, out.contains("Overall Health Result: OK"));
  }

  @Test
  public void c_paxWebRefusesANonLoopbackAddressOfTheMachine() throws IOException {
    InetAddress other = nonLoopbackAddress();
    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress("127.0.0.1", Http.PORT), 5000);
    }
    try (Socket outside = new Socket()) {
      outside.connect(new InetSocketAddress(other, Http.PORT), 5000);
      fail("Pax Web accepted a connection on " + other.getHostAddress() + ":" + Http.PORT);
    } catch (ConnectException expected) {
      // refused: nothing listens there
    }
  }

  @Test
  public void d_metricsMoveWithTradesAndPassPromtool() {
    FaultDatabase.up();
    assertConverges("start", PATIENCE);
    String before = scrape();
    String triggers = "position_sync_callback_triggers_total{broker_id=\"" + BROKER_ID + "\"}";
    String succeeded =
        "position_sync_syncs_total{broker_id=\"" + BROKER_ID + "\",outcome=\"succeeded\"}";
    double triggersBefore = value(before, triggers);
    double succeededBefore = value(before, succeeded);
    assertFalse(triggers + " not in the scrape:\n" + before, Double.isNaN(triggersBefore));

    GatewaySimulator simulator = simulator();
    SimulatedPosition first = simulator.book().get(0);
    simulator.trade(first.account(), first.contract(), BigDecimal.valueOf(7), BigDecimal.TEN);
    assertConverges("a trade", PATIENCE);
    await(
        "callback triggers and successful syncs to move in /metrics",
        PATIENCE,
        () -> {
          String now = scrape();
          return value(now, triggers) > triggersBefore && value(now, succeeded) > succeededBefore;
        });
    String after = scrape();
    String latency =
        "position_sync_change_commit_latency_seconds_count{broker_id=\"" + BROKER_ID + "\"}";
    await("a change -> commit latency recorded", PATIENCE, () -> value(scrape(), latency) >= 1);

    OperationsSupport.Run check =
        OperationsSupport.prometheusTool(after, "promtool", "check", "metrics");
    assertEquals("promtool check metrics:\n" + check.output() + "\n" + after, 0, check.exit());
    System.out.println(
        "OperationsIT /metrics (excerpt):\n"
            + String.join(
                "\n",
                Arrays.stream(after.split("\n"))
                    .filter(l -> l.startsWith("position_sync_"))
                    .limit(10)
                    .toList()));
  }

  @Test
  public void e_everyMetricTheRulesUseIsInARealScrape() throws IOException {
    Path dir = Path.of(System.getProperty(OperationsSupport.RULES_DIR));
    Set<String> scraped = new TreeSet<>(OperationsSupport.sampleNames(scrape()));
    String rules = Files.readString(dir.resolve("position-sync.rules.yml"), StandardCharsets.UTF_8);
    Set<String> used = names(rules, "position_sync_[a-z_]+");
    assertFalse(used.isEmpty());
    for (String name : used) {
      assertTrue(
          name + " (used by a rule) is not in a real scrape: " + scraped, scraped.contains(name));
    }
    String tests =
        Files.readString(dir.resolve("position-sync.rules.test.yml"), StandardCharsets.UTF_8);
    Set<String> series = names(tests, "series: '(position_sync_[a-z_]+)\\{");
    for (String name : series) {
      assertTrue(name + " (a rule test's input) is not in a real scrape", scraped.contains(name));
    }
    OperationsSupport.Run check =
        OperationsSupport.prometheusTool(
            null, "promtool", "check", "rules", dir.resolve("position-sync.rules.yml").toString());
    assertEquals(check.output(), 0, check.exit());
  }

  @Test
  public void f_realPrometheusScrapesLastSuccessAndLatency() throws Exception {
    FaultDatabase.up();
    assertConverges("start", PATIENCE);
    Path work = Path.of(System.getProperty(OperationsSupport.WORK_DIR), "prometheus");
    Files.createDirectories(work);
    int port = freePort();
    Files.writeString(
        work.resolve("prometheus.yml"),
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            + "scrape_configs:\n  - job_name: position-sync\n    metrics_path: /metrics\n"
            + "    static_configs:\n      - targets: ['127.0.0.1:"
            + Http.PORT
            + "']\n");
    if (!OperationsSupport.onPath("prometheus")) {
      fail("prometheus is not installed: install the Debian package prometheus");
    }
    Process prometheus =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    try {
      String lastSuccess =
          "position_sync_last_success_timestamp_seconds{broker_id=\"" + BROKER_ID + "\"}";
      String[] answer = new String[1];
      await(
          "Prometheus to answer " + lastSuccess,
          PATIENCE,
          () -> (answer[0] = queryValue(port, lastSuccess)) != null);
      System.out.println("OperationsIT Prometheus query " + lastSuccess + ": " + answer[0]);
      await(
          "Prometheus' last successful sync to match a successful sync run",
          PATIENCE,
          () -> {
            String v = queryValue(port, lastSuccess);
            return v != null && matchesSuccessfulRun(Double.parseDouble(v));
          });

      String latencyCount =
          "sum(position_sync_change_commit_latency_seconds_count{broker_id=\"" + BROKER_ID + "\"})";
      await(
          "Prometheus to hold latency observations",
          PATIENCE,
          () -> {
            String v = queryValue(port, latencyCount);
            return v != null && Double.parseDouble(v) >= 1;
          });
      double observed = Double.parseDouble(queryValue(port, latencyCount));
      long changedRows =
          repository().syncRuns(10_000).stream()
              .filter(r -> BROKER_ID.equals(r.brokerId()) && "SUCCEEDED".equals(r.status()))
              .mapToLong(r -> r.inserted() + r.updated() + r.closed())
              .sum();
      assertTrue(
          "latency observations " + observed + " exceed the rows sync_runs changed " + changedRows,
          observed <= changedRows);
      String p99 =
          queryValue(
              port,
              "histogram_quantile(0.99, sum by (le) (position_sync_change_commit_latency_seconds_bucket{broker_id=\""
                  + BROKER_ID
                  + "\"}))");
      System.out.println(
          "OperationsIT Prometheus: latency observations "
              + observed
              + ", p99 "
              + p99
              + " s, rows changed per sync_runs "
              + changedRows);

      String succeeded =
          "position_sync_syncs_total{broker_id=\"" + BROKER_ID + "\",outcome=\"succeeded\"}";
      await(
          "Prometheus' successful syncs to equal the SUCCEEDED rows of sync_runs",
          PATIENCE,
          () -> {
            String v = queryValue(port, succeeded);
            return v != null && (long) Double.parseDouble(v) == successfulRuns();
          });
    } finally {
      prometheus.destroy();
      prometheus.waitFor();
    }
  }

  // ---------------------------------------------------------------- faults

  @Test
  public void g_simulatorStoppedWarnsThenCriticalThenRecovers() throws Exception {
    FaultDatabase.up();
    assertConverges("start", PATIENCE);
    Bundle simulatorBundle = bundle("ibkr-simulator");
    simulatorBundle.stop();
    try {
      awaitCheck("Position sync: gateway connection", "WARN");
      Http.Response critical = awaitCheck("Position sync: gateway connection", "CRITICAL");
      assertEquals(503, critical.status());
      System.out.println("OperationsIT gateway down: " + critical.body());
    } finally {
      simulatorBundle.start();
    }
    assertConverges("simulator started again", PATIENCE);
    awaitOverall("OK");
  }

  @Test
  public void h_databaseCutIsCriticalWithinTheCheckItself() {
    FaultDatabase.up();
    assertConverges("start", PATIENCE);
    FaultDatabase.cut();
    try {
      Http.Response critical = awaitCheck("Position sync: database", "CRITICAL");
      assertEquals(503, critical.status());
      System.out.println("OperationsIT database cut: " + critical.body());
    } finally {
      FaultDatabase.restore();
    }
    awaitCheck("Position sync: database", "OK");
    assertConverges("database back", PATIENCE);
    awaitOverall("OK");
  }

  @Test
  public void i_syncBundleStoppedIsNotOkAndListsEveryCheck() throws Exception {
    FaultDatabase.up();
    Bundle sync = bundle("position-sync");
    sync.stop();
    try {
      Http.Response down = awaitCheck("Position sync: services present", "CRITICAL");
      assertEquals(503, down.status());
      assertEquals("CRITICAL", overall(down.body()));
      for (String name : CHECK_NAMES) {
        assertNotNull(
            name + " missing while position-sync is stopped: " + down.body(),
            checkStatus(down.body(), name));
      }
      System.out.println("OperationsIT position-sync stopped: " + down.body());
    } finally {
      sync.start();
    }
    assertConverges("position-sync started again", PATIENCE);
    awaitOverall("OK");
  }

  // ---------------------------------------------------------------- helpers

  private static String scrape() {
    Http.Response r = Http.get("/metrics");
    assertEquals(r.body(), 200, r.status());
    return r.body();
  }

  private Http.Response awaitOverall(String status) {
    Http.Response[] last = new Http.Response[1];
    try {
      await(
          "/system/health overall " + status,
          PATIENCE,
          () -> {
            last[0] = Http.getOrNull("/system/health");
            return last[0] != null && status.equals(overall(last[0].body()));
          });
    } catch (AssertionError e) {
      String body = last[0] == null ? "none" : last[0].body();
      System.out.println("OperationsIT: " + e.getMessage() + "; last answer: " + body);
      throw new AssertionError(e.getMessage() + "\nlast answer: " + body);
    }
    return last[0];
  }

  private Http.Response awaitCheck(String name, String status) {
    Http.Response[] last = new Http.Response[1];
    try {
      await(
          name + " " + status,
          PATIENCE,
          () -> {
            last[0] = Http.getOrNull("/system/health");
            return last[0] != null && status.equals(checkStatus(last[0].body(), name));
          });
    } catch (AssertionError e) {
      String body = last[0] == null ? "none" : last[0].body();
      System.out.println("OperationsIT: " + e.getMessage() + "; last answer: " + body);
      throw new AssertionError(e.getMessage() + "\nlast answer: " + body);
    }
    return last[0];
  }

  /** The single value of an instant query, or null while Prometheus has none. */
  private static String queryValue(int port, String query) {
    Http.Response r;
    try {
      r =
          Http.get(
              "127.0.0.1",
              port,
              "/api/v1/query?query=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
    Matcher m = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]").matcher(r.body());
    return r.status() == 200 && m.find() ? m.group(1) : null;
  }

  /** True when a successful run of the test's session finished within 2 s of {@code epoch}. */
  private boolean matchesSuccessfulRun(double epochSeconds) {
    Instant at = Instant.ofEpochMilli((long) (epochSeconds * 1000));
    for (SyncRun run : repository().syncRuns(100)) {
      if (BROKER_ID.equals(run.brokerId())
          && "SUCCEEDED".equals(run.status())
          && run.finishedAt() != null
          && Duration.between(run.finishedAt(), at).abs().compareTo(Duration.ofSeconds(2)) <= 0) {
        return true;
      }
    }
    return false;
  }

  private long successfulRuns() {
    return repository().syncRuns(10_000).stream()
        .filter(r -> BROKER_ID.equals(r.brokerId()) && "SUCCEEDED".equals(r.status()))
        .count();
  }

  private static Set<String> names(String text, String regex) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      names.add(m.groupCount() > 0 ? m.group(1) : m.group());
    }
    return names;
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    throw new AssertionError(
        "this machine has no non-loopback IPv4 address to test that Pax Web refuses it");
  }
}
