package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;

/**
 * Hot deploy and update while the simulator trades: {@code bundle:update} of the ibkr, repository,
 * sync and operations bundles from rebuilt jars, and {@code feature:uninstall} / {@code
 * feature:install} of position-sync. After each cycle: one listener per session, the table exact,
 * {@code /metrics} scraped with the session's series (a new registry per activation, so no
 * duplicate name), no error in the log, the old revision's class loader collected; at the end Pax
 * Web never restarted and the threads are flat.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotUpdateIT extends SyncStackSupport {

  private static final List<String> UPDATED =
      List.of("ibkr", "position-repository", "position-sync", "position-sync-operations");

  @Configuration
  public Option[] config() {
    List<Option> extra = new ArrayList<>(List.of(syncConfiguration(1, 60)));
    extra.addAll(List.of(OperationsSupport.operations()));
    return stack("hotupdate", freePort(), extra.toArray(new Option[0]));
  }

  @Test
  public void updatesLeaveOneListenerAnExactTableAndNoLeak() throws Exception {
    int cycles = 20 * Integer.getInteger("itest.scale", 1);
    GatewaySimulator simulator = simulator();
    awaitConverged("initial sync");

    // One warm-up cycle of each kind, with trades and a scrape, so that lazily started threads
    // (the sync pool's, the observer thread, Jetty's request threads) count in the baseline.
    simulator.randomWalk(20);
    updateBundle("position-sync", 0);
    updateBundle("position-sync-operations", 0);
    reinstallFeature();
    simulator.randomWalk(0);
    awaitConverged("warm-up");
    awaitScrape("warm-up");
    int baselineThreads = threadCount();
    Map<String, Integer> baselineNames = threadNames();
    long httpRuntime = httpServiceRuntimeId();

    List<String> report = new ArrayList<>();
    for (int cycle = 1; cycle <= cycles; cycle++) {
      long logMark = logLength();
      long started = System.nanoTime();
      simulator.randomWalk(20);
      String what;
      if (cycle % 10 == 0) {
        reinstallFeature();
        what = "feature:uninstall/install position-sync";
      } else {
        String artifact = UPDATED.get(cycle % UPDATED.size());
        WeakReference<ClassLoader> oldLoader = updateBundle(artifact, cycle);
        awaitCollected(artifact, oldLoader);
        what = "bundle:update " + artifact;
      }
      simulator.randomWalk(0);
      awaitConverged("cycle " + cycle + " (" + what + ")");
      awaitScrape("cycle " + cycle + " (" + what + ")");
      List<String> errors = errorsSince(logMark);
      assertTrue("errors in the log after " + what + ": " + errors, errors.isEmpty());
      report.add(cycle + ": " + what + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
    }

    // Pax Web (Jetty) stays up through every cycle: the operations feature keeps its optional
    // import wired, so a feature:uninstall/install of position-sync does not refresh it.
    assertEquals(
        "the HTTP service runtime was re-registered (Pax Web restarted)",
        httpRuntime,
        httpServiceRuntimeId());
    try {
      await(
          "thread count back to " + baselineThreads + " ± 2 (now " + threadCount() + ")",
          Duration.ofSeconds(30),
          () -> Math.abs(threadCount() - baselineThreads) <= 2);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage() + "; threads by name, after minus before: " + diff(baselineNames), e);
    }
    System.out.println("HotUpdateIT threads by name, after minus before: " + diff(baselineNames));
    System.out.println(
        "HotUpdateIT: "
            + cycles
            + " cycles, threads "
            + baselineThreads
            + " -> "
            + threadCount()
            + "\n"
            + String.join("\n", report));
  }

  /** Updates a bundle from a rebuilt copy of its jar; returns its old class loader, weakly. */
  private WeakReference<ClassLoader> updateBundle(String artifactId, int cycle) throws Exception {
    Bundle bundle = bundle(artifactId);
    BundleRevision before = bundle.adapt(BundleRevision.class);
    WeakReference<ClassLoader> oldLoader =
        new WeakReference<>(bundle.adapt(BundleWiring.class).getClassLoader());
    byte[] rebuilt = RebuiltJar.of(bundle.getLocation(), String.valueOf(cycle));
    bundle.update(new ByteArrayInputStream(rebuilt));
    refresh(bundle);
    Bundle updated = bundle(artifactId);
    assertNotSame(
        "the bundle revision of " + artifactId + " did not change",
        before,
        updated.adapt(BundleRevision.class));
    assertEquals(String.valueOf(cycle), updated.getHeaders().get("X-Rebuilt"));
    assertEquals(Bundle.ACTIVE, updated.getState());
    before = null;
    return oldLoader;
  }

  /** The bundle's jar with one more manifest header: a different build of the same code. */
  private void refresh(Bundle bundle) throws InterruptedException {
    FrameworkWiring wiring = bundleContext.getBundle(0).adapt(FrameworkWiring.class);
    CountDownLatch done = new CountDownLatch(1);
    wiring.refreshBundles(
        List.of(bundle),
        event -> {
          if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
            done.countDown();
          }
        });
    assertTrue("refresh did not finish", done.await(60, TimeUnit.SECONDS));
  }

  private void reinstallFeature() throws Exception {
    featuresService.uninstallFeature("position-sync", EnumSet.noneOf(FeaturesService.Option.class));
    featuresService.installFeature("position-sync", EnumSet.noneOf(FeaturesService.Option.class));
  }

  private void awaitCollected(String artifactId, WeakReference<ClassLoader> oldLoader) {
    await(
        "the old class loader of " + artifactId + " to be garbage collected",
        Duration.ofSeconds(30),
        () -> {
          System.gc();
          return oldLoader.get() == null;
        });
  }

  /** One listener for the session, and the table equal to the simulator's book. */
  private void awaitConverged(String when) {
    try {
      awaitRegisteredCallbacks(1);
      awaitTableEqualsBook();
    } catch (AssertionError e) {
      throw new AssertionError("after " + when + ": " + e.getMessage(), e);
    }
  }

  /** /metrics answers with the session's counters (the operations bundle's registry is fresh). */
  private void awaitScrape(String when) {
    String series = "position_sync_syncs_started_total{broker_id=\"" + BROKER_ID + "\"}";
    String[] last = {""};
    try {
      await(
          "/metrics with " + series,
          PATIENCE,
          () -> {
            Http.Response r = Http.getOrNull("/metrics");
            last[0] = r == null ? "no answer" : r.status() + " " + r.body();
            return r != null && r.status() == 200 && r.body().contains(series);
          });
    } catch (AssertionError e) {
      throw new AssertionError("after " + when + ": " + e.getMessage() + "\n" + last[0], e);
    }
  }

  /** The service id of Pax Web's HTTP service runtime: a new one after every restart. */
  private long httpServiceRuntimeId() throws Exception {
    var refs =
        bundleContext.getServiceReferences(
            "org.osgi.service.http.runtime.HttpServiceRuntime", null);
    assertTrue("no HttpServiceRuntime registered", refs != null && refs.length == 1);
    return (Long) refs[0].getProperty("service.id");
  }

  /** Live threads by name with digits folded ({@code qtp123-45} → {@code qtp#-#}). */
  private static Map<String, Integer> threadNames() {
    Map<String, Integer> names = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      names.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
    }
    return names;
  }

  /** The thread names whose count differs from {@code before}, with the difference. */
  private static Map<String, Integer> diff(Map<String, Integer> before) {
    Map<String, Integer> after = threadNames();
    Map<String, Integer> diff = new TreeMap<>();
    for (String name : new TreeSet<>(union(before.keySet(), after.keySet()))) {
      int d = after.getOrDefault(name, 0) - before.getOrDefault(name, 0);
      if (d != 0) {
        diff.put(name, d);
      }
    }
    return diff;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static int threadCount() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long logLength() throws IOException {
    return Files.size(karafLog());
  }

  /** ERROR lines written to karaf.log after {@code mark} bytes. */
  private static List<String> errorsSince(long mark) throws IOException {
    byte[] all = Files.readAllBytes(karafLog());
    String tail =
        new String(
            all,
            (int) Math.min(mark, all.length),
            (int) Math.max(0, all.length - mark),
            StandardCharsets.UTF_8);
    List<String> errors = new ArrayList<>();
    for (String line : tail.split("\n")) {
      if (line.contains("| ERROR |")) {
        errors.add(line);
      }
    }
    return errors;
  }
}
