package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.environment;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * Config Admin, live: the sync component's debounce, periodic interval and {@code
 * syncOnPositionUpdate}, and the gateway connection's port, each changed in the running container
 * and followed by the behaviour; an invalid value refused while the previous configuration keeps
 * working; and the environment variable of the shipped configuration turning callbacks off.
 *
 * <p>The container boots with the distribution's own {@code org.tradeplatform.position.sync.cfg}
 * and {@code POSITION_SYNC_SYNC_ON_POSITION_UPDATE=false} in the Karaf process's environment (Pax
 * Exam's {@code environment(...)} option, which its Karaf runner hands to the launched JVM). Every
 * test first sets the configuration it needs, so none depends on another's leftovers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LiveConfigurationIT extends SyncStackSupport {

  private static final String ENV = "POSITION_SYNC_SYNC_ON_POSITION_UPDATE";
  private static final String SHIPPED_SYNC_CFG =
      "../distribution/assembly/src/main/resources/etc/org.tradeplatform.position.sync.cfg";

  /**
   * How long a live change may take to show, far below any timer the previous configuration could
   * have used to bring about the same effect (so a pass proves the change applied). Not asserted as
   * a speed: the measured times are printed.
   */
  private static final Duration FOLLOWS = Duration.ofSeconds(10);

  /** The same for changes that need a reconnect or a timer of at least 10 s to show. */
  private static final Duration FOLLOWS_SLOWLY = Duration.ofSeconds(30);

  @Configuration
  public Option[] config() {
    File shipped = new File(SHIPPED_SYNC_CFG).getAbsoluteFile();
    return stack(
        "live_configuration",
        freePort(),
        replaceConfigurationFile(CFG_SYNC, shipped),
        editConfigurationFilePut(
            "etc/system.properties", "itest.shipped.sync.cfg", shipped.getPath()),
        environment(ENV + "=false"));
  }

  @Test
  public void c1_theEnvironmentTurnsCallbacksOffThroughTheShippedConfiguration() throws Exception {
    assertEquals("false", System.getenv(ENV));
    assertTrue(
        "the shipped file reads the variable",
        Files.readString(shippedSyncConfiguration()).contains("${env:" + ENV + ":-true}"));
    // the container booted with the shipped file: the component never listened with it
    awaitLogLines("Position sync activated (enabled=true, syncOnPositionUpdate=false", 1);
    expectCallbacksOffFromTheShippedConfiguration();
  }

  @Test
  public void c7_theShippedConfigurationReadAgainTurnsCallbacksOffAgain() throws Exception {
    configureSync(true, 0, 3600);
    awaitRegisteredCallbacks(1);
    awaitBrokerPositionListeners(1);
    expectCallbacksOffFromTheShippedConfiguration();
  }

  /**
   * Puts the shipped file back into {@code etc/} (a no-op while nothing changed it) and expects
   * File Install to resolve the variable to {@code false}: no listener, and a change is written
   * only by a reconcile.
   */
  private void expectCallbacksOffFromTheShippedConfiguration() throws Exception {
    // File Install writes Config Admin changes back into etc/ asynchronously; should that write
    // land after ours, ours is lost. So the shipped text is written again (with a counter, so its
    // checksum differs) until Config Admin holds it.
    Path installed =
        Path.of(System.getProperty("karaf.etc"), "org.tradeplatform.position.sync.cfg");
    String shipped = Files.readString(shippedSyncConfiguration());
    int[] writes = {0};
    await(
        "Config Admin holds syncOnPositionUpdate=false from the environment",
        PATIENCE,
        () -> {
          if (!"false".equals(String.valueOf(syncProperties().get("syncOnPositionUpdate")))) {
            if (writes[0]++ % 50 == 0) {
              try {
                Files.writeString(
                    installed, shipped + "\n# written by the test " + writes[0] + "\n");
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            return false;
          }
          return true;
        });
    awaitRegisteredCallbacks(0);
    awaitBrokerPositionListeners(0);

    awaitTableEqualsBook();
    long triggers = statistics().callbackTriggers();
    trade(0, 3);
    syncStatus().syncNow(BROKER_ID).toCompletableFuture().get(60, TimeUnit.SECONDS);
    awaitTableEqualsBook();
    assertEquals("no change heard", triggers, statistics().callbackTriggers());
  }

  private static Path shippedSyncConfiguration() {
    return Path.of(System.getProperty("itest.shipped.sync.cfg"));
  }

  @Test
  public void c2_syncOnPositionUpdateAddsAndRemovesListenersLive() {
    configureSync(true, 0, 3600);
    awaitRegisteredCallbacks(1);
    awaitBrokerPositionListeners(1);

    timed(
        "listeners removed",
        () -> configureSync(false, 0, 3600),
        () -> {
          awaitRegisteredCallbacks(0, FOLLOWS);
          awaitBrokerPositionListeners(0, FOLLOWS);
        });

    timed(
        "listeners added",
        () -> configureSync(true, 0, 3600),
        () -> {
          awaitRegisteredCallbacks(1, FOLLOWS);
          awaitBrokerPositionListeners(1, FOLLOWS);
        });
    awaitTableEqualsBook();
    long triggers = statistics().callbackTriggers();
    trade(1, 4);
    awaitTableEqualsBook();
    assertTrue(statistics().callbackTriggers() > triggers);
  }

  @Test
  public void c3_debounceChangesApplyToWhatIsAlreadyQueued() {
    configureSync(true, 0, 3600);
    awaitRegisteredCallbacks(1);
    awaitTableEqualsBook();

    // with no window, a change is written at once
    SimulatedPosition first = trade(0, 2);
    awaitQuantity(first);

    // a long window from now on: the next change waits for the window's end
    configureSync(true, 60, 3600);
    await("debounceSeconds=60 applied", PATIENCE, () -> logLines("debounceSeconds=60") >= 1);
    SimulatedPosition held = trade(0, 5);
    sleep(Duration.ofSeconds(3));
    assertFalse("a change within the 60 s window is held back", hasQuantity(held));

    // no window again: what is queued is re-timed and written long before the 60 s are over
    timed(
        "held change written after debounceSeconds=0",
        () -> configureSync(true, 0, 3600),
        () -> awaitQuantity(held, FOLLOWS));
    awaitTableEqualsBook();
  }

  @Test
  public void c4_thePeriodicIntervalAppliesLive() {
    configureSync(false, 0, 3600);
    awaitRegisteredCallbacks(0);
    awaitTableEqualsBook();
    long lastRun = lastSyncRunId();
    // not heard (no listener): only a reconcile can write it
    SimulatedPosition unheard = trade(1, -6);

    timed(
        "a periodic reconcile after periodicIntervalSeconds=10",
        () -> configureSync(false, 0, 10),
        () ->
            await(
                "a PERIODIC sync run",
                FOLLOWS_SLOWLY,
                () -> successfulRunAfter(lastRun, SyncTrigger.PERIODIC) != null));
    awaitQuantity(unheard);
    awaitTableEqualsBook();
    configureSync(true, 0, 3600);
    awaitRegisteredCallbacks(1);
  }

  @Test
  public void c5_aNewGatewayPortMovesTheSessionToThatGateway() throws Exception {
    configureSync(true, 0, 3600);
    awaitRegisteredCallbacks(1);
    awaitTableEqualsBook();
    GatewaySimulator first = simulator();
    org.osgi.service.cm.Configuration ibkr = ibkrConfiguration();
    String firstPort = String.valueOf(ibkr.getProperties().get("port"));
    assertEquals(String.valueOf(first.port()), firstPort);

    try (GatewaySimulator second =
        GatewaySimulator.start(
            new SimulatorSettings(
                "127.0.0.1",
                0,
                SimulatorSettings.MAX_SERVER_VERSION,
                List.of(ACCOUNTS.split(",")),
                0,
                7L))) {
      second.setPosition(
          "DU111111",
          SimulatedContract.stock(4815747, "NVDA", "USD"),
          BigDecimal.valueOf(40),
          new BigDecimal("120.5"));
      second.setPosition(
          "DU222222",
          SimulatedContract.stock(208813720, "GOOG", "USD"),
          BigDecimal.valueOf(-15),
          new BigDecimal("170.25"));
      try {
        timed(
            "session moved to the second gateway",
            () -> setIbkrPort(ibkr, second.port()),
            () -> {
              await(
                  "the connection at the second gateway",
                  FOLLOWS_SLOWLY,
                  () -> second.connectedClients() == 1);
              awaitRegisteredCallbacks(1, FOLLOWS_SLOWLY);
              awaitTableEquals(() -> bookRows(second.book()), FOLLOWS_SLOWLY);
            });
        assertTrue(executeCommand("ibkr:status").contains("127.0.0.1:" + second.port()));
        // the callbacks listen to the second gateway now
        SimulatedPosition row = second.book().get(0);
        second.trade(row.account(), row.contract(), BigDecimal.valueOf(3), new BigDecimal("121"));
        awaitTableEquals(() -> bookRows(second.book()));
      } finally {
        setIbkrPort(ibkr, Integer.parseInt(firstPort));
      }
      awaitRegisteredCallbacks(1);
      awaitTableEqualsBook();
      await("the second gateway left", PATIENCE, () -> second.connectedClients() == 0);
    }
  }

  @Test
  public void c6_anInvalidValueIsRefusedAndThePreviousConfigurationKeepsWorking() throws Exception {
    configureSync(true, 0, 3600);
    awaitRegisteredCallbacks(1);
    awaitTableEqualsBook();
    int refusedBefore =
        logLines(
            "Configuration of " + SYNC_PID + " refused, keeping the previous one: debounceSeconds");

    updateSync(Map.of("debounceSeconds", "-1"));
    await(
        "the configuration refused",
        PATIENCE,
        () -> syncStatus().rejectedConfiguration().isPresent());
    Optional<String> rejected = syncStatus().rejectedConfiguration();
    assertTrue(rejected.get(), rejected.get().contains("debounceSeconds"));
    String status = executeCommand("position:status");
    assertTrue(status, status.contains("Rejected configuration: " + rejected.get()));
    awaitLogLines(
        "Configuration of " + SYNC_PID + " refused, keeping the previous one: debounceSeconds",
        refusedBefore + 1);

    // the previous configuration (callbacks on, no window) keeps working
    awaitRegisteredCallbacks(1);
    SimulatedPosition change = trade(1, 2);
    awaitQuantity(change);
    awaitTableEqualsBook();

    configureSync(true, 0, 3600);
    await(
        "a valid configuration clears the refusal",
        PATIENCE,
        () -> syncStatus().rejectedConfiguration().isEmpty());
    assertTrue(executeCommand("position:status").contains("Rejected configuration: none"));
  }

  // ---------------------------------------------------------------- helpers

  /** Sets the sync component's whole configuration (the other properties at their defaults). */
  private void configureSync(
      boolean syncOnPositionUpdate, int debounceSeconds, int periodicSeconds) {
    updateSync(
        Map.of(
            "enabled",
            "true",
            "syncOnPositionUpdate",
            String.valueOf(syncOnPositionUpdate),
            "debounceSeconds",
            String.valueOf(debounceSeconds),
            "periodicIntervalSeconds",
            String.valueOf(periodicSeconds),
            "syncTimeoutSeconds",
            "30",
            "syncOnBind",
            "true"));
  }

  private Dictionary<String, Object> syncProperties() {
    try {
      Dictionary<String, Object> properties =
          configAdmin.getConfiguration(SYNC_PID, null).getProperties();
      return properties == null ? new Hashtable<>() : properties;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private org.osgi.service.cm.Configuration ibkrConfiguration() throws Exception {
    org.osgi.service.cm.Configuration[] found =
        configAdmin.listConfigurations("(service.factoryPid=" + IBKR_FACTORY_PID + ")");
    assertNotNull("a factory configuration of " + IBKR_FACTORY_PID, found);
    assertEquals(1, found.length);
    return found[0];
  }

  private static void setIbkrPort(org.osgi.service.cm.Configuration ibkr, int port) {
    try {
      Dictionary<String, Object> properties = ibkr.getProperties();
      properties.put("port", String.valueOf(port));
      ibkr.update(properties);
    } catch (IOException e) {
      throw new AssertionError("cannot update the IBKR connection's port", e);
    }
  }

  /** Trades {@code quantity} of the simulator's {@code index}-th row; returns the new row. */
  private SimulatedPosition trade(int index, int quantity) {
    GatewaySimulator simulator = simulator();
    SimulatedPosition row = simulator.book().get(index);
    return simulator.trade(
        row.account(), row.contract(), BigDecimal.valueOf(quantity), new BigDecimal("100.25"));
  }

  private boolean hasQuantity(SimulatedPosition expected) {
    Optional<StoredPosition> stored =
        repository().position(expected.account(), expected.contract().conId());
    return stored.isPresent()
        && !stored.get().isClosed()
        && stored.get().position().quantity().compareTo(expected.quantity()) == 0;
  }

  private void awaitQuantity(SimulatedPosition expected) {
    awaitQuantity(expected, PATIENCE);
  }

  private void awaitQuantity(SimulatedPosition expected, Duration timeout) {
    await(
        "quantity "
            + expected.quantity()
            + " of "
            + expected.account()
            + "/"
            + expected.contract().conId()
            + " in the table",
        timeout,
        () -> hasQuantity(expected));
  }

  /**
   * Runs {@code change}, then {@code follows}, and prints how long the behaviour took to follow.
   */
  private static void timed(String what, Runnable change, Runnable follows) {
    long start = System.nanoTime();
    change.run();
    follows.run();
    // measured, not asserted
    System.out.printf(
        "LiveConfigurationIT: %s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
  }
}
