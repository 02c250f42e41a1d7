package org.tradeplatform.positionsync.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncStatistics;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * The whole stack in one container: the simulator (a seeded book, no random walk), one IBKR
 * connection {@value #BROKER_ID} to it, the repository and the sync component. Services are looked
 * up afresh on every use, because tests stop bundles and drop connections.
 */
public abstract class SyncStackSupport extends KarafTestSupport {

  static final String BROKER_ID = "sim";
  static final String ACCOUNTS = "DU111111,DU222222";
  static final String CFG_SIMULATOR = "etc/org.tradeplatform.broker.ibkr.simulator.cfg";
  static final String CFG_IBKR = "etc/org.tradeplatform.broker.ibkr-itest.cfg";
  static final String CFG_SYNC = "etc/org.tradeplatform.position.sync.cfg";
  static final String SYNC_PID = "org.tradeplatform.position.sync";
  static final String IBKR_FACTORY_PID = "org.tradeplatform.broker.ibkr";

  /** Bound of every wait: generous, because CI shares two cores among everything. */
  static final Duration PATIENCE = Duration.ofSeconds(60);

  /**
   * A container with the simulator on {@code simulatorPort} and the connection to it; {@code extra}
   * options come last, so they override.
   */
  static Option[] stack(String database, int simulatorPort, Option... extra) {
    List<Option> options =
        new ArrayList<>(Arrays.asList(karaf(database, "position-sync-simulator", "position-sync")));
    options.addAll(
        List.of(
            editConfigurationFilePut(CFG_SIMULATOR, "host", "127.0.0.1"),
            editConfigurationFilePut(CFG_SIMULATOR, "port", String.valueOf(simulatorPort)),
            editConfigurationFilePut(CFG_SIMULATOR, "accounts", ACCOUNTS),
            editConfigurationFilePut(CFG_SIMULATOR, "seedBook", "true"),
            editConfigurationFilePut(CFG_SIMULATOR, "randomWalkTradesPerSecond", "0"),
            editConfigurationFilePut(CFG_IBKR, "broker.id", BROKER_ID),
            editConfigurationFilePut(CFG_IBKR, "host", "127.0.0.1"),
            editConfigurationFilePut(CFG_IBKR, "port", String.valueOf(simulatorPort)),
            editConfigurationFilePut(CFG_IBKR, "clientId", "7"),
            editConfigurationFilePut(CFG_IBKR, "reconnectMinSeconds", "1"),
            editConfigurationFilePut(CFG_IBKR, "reconnectMaxSeconds", "2")));
    options.addAll(Arrays.asList(extra));
    return options.toArray(new Option[0]);
  }

  /** The sync component's configuration file entries (written before the container starts). */
  static Option[] syncConfiguration(int debounceSeconds, int periodicIntervalSeconds) {
    return new Option[] {
      editConfigurationFilePut(CFG_SYNC, "enabled", "true"),
      editConfigurationFilePut(CFG_SYNC, "syncOnPositionUpdate", "true"),
      editConfigurationFilePut(CFG_SYNC, "debounceSeconds", String.valueOf(debounceSeconds)),
      editConfigurationFilePut(
          CFG_SYNC, "periodicIntervalSeconds", String.valueOf(periodicIntervalSeconds)),
      editConfigurationFilePut(CFG_SYNC, "syncTimeoutSeconds", "30"),
      editConfigurationFilePut(CFG_SYNC, "syncOnBind", "true"),
    };
  }

  /** A port free on the loopback interface right now (chosen on the driver). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Inject protected ConfigurationAdmin configAdmin;

  /** Puts {@code values} into the sync component's configuration, keeping the other properties. */
  protected void updateSync(Map<String, String> values) {
    try {
      org.osgi.service.cm.Configuration configuration =
          configAdmin.getConfiguration(SYNC_PID, null);
      Dictionary<String, Object> properties = configuration.getProperties();
      if (properties == null) {
        properties = new Hashtable<>();
      }
      for (Map.Entry<String, String> e : values.entrySet()) {
        properties.put(e.getKey(), e.getValue());
      }
      configuration.update(properties);
    } catch (IOException e) {
      throw new AssertionError("cannot update " + SYNC_PID, e);
    }
  }

  // ---------------------------------------------------------------- services

  /** The one service of {@code type} matching {@code filter} (may be null), waiting for it. */
  protected <T> T service(Class<T> type, String filter) {
    Object[] found = new Object[1];
    await(
        type.getSimpleName() + (filter == null ? "" : " " + filter) + " registered",
        PATIENCE,
        () -> {
          found[0] = serviceOrNull(type, filter);
          return found[0] != null;
        });
    return type.cast(found[0]);
  }

  /** The service of {@code type} matching {@code filter}, or null if none is registered now. */
  protected <T> T serviceOrNull(Class<T> type, String filter) {
    try {
      Collection<ServiceReference<T>> refs = bundleContext.getServiceReferences(type, filter);
      for (ServiceReference<T> ref : refs) {
        T service = bundleContext.getService(ref);
        if (service != null) {
          return service;
        }
      }
      return null;
    } catch (InvalidSyntaxException e) {
      throw new IllegalArgumentException(filter, e);
    }
  }

  protected GatewaySimulator simulator() {
    return service(GatewaySimulator.class, null);
  }

  protected PositionRepository repository() {
    return service(PositionRepository.class, null);
  }

  protected PositionSyncStatus syncStatus() {
    return service(PositionSyncStatus.class, null);
  }

  /** The registered session of {@link #BROKER_ID}, or null while it is not registered. */
  protected BrokerSession sessionOrNull() {
    return serviceOrNull(
        BrokerSession.class, "(" + BrokerSession.BROKER_ID + "=" + BROKER_ID + ")");
  }

  /** Statistics of {@link #BROKER_ID}, or null while no such session is bound. */
  protected SyncStatistics statisticsOrNull() {
    PositionSyncStatus status = serviceOrNull(PositionSyncStatus.class, null);
    return status == null ? null : status.sessions().get(BROKER_ID);
  }

  /** Statistics of {@link #BROKER_ID}, waiting until the session is bound. */
  protected SyncStatistics statistics() {
    SyncStatistics[] found = new SyncStatistics[1];
    await(
        "session " + BROKER_ID + " bound by the sync component",
        PATIENCE,
        () -> (found[0] = statisticsOrNull()) != null);
    return found[0];
  }

  protected void awaitRegisteredCallbacks(int expected) {
    awaitRegisteredCallbacks(expected, PATIENCE);
  }

  protected void awaitRegisteredCallbacks(int expected, Duration timeout) {
    await(
        "registeredCallbacks of " + BROKER_ID + " == " + expected,
        timeout,
        () -> {
          SyncStatistics s = statisticsOrNull();
          return s != null && s.registeredCallbacks() == expected;
        });
  }

  /** Id of the newest sync run, 0 if there is none. */
  protected long lastSyncRunId() {
    List<SyncRun> runs = repository().syncRuns(1);
    return runs.isEmpty() ? 0 : runs.get(0).id();
  }

  /** The first successful run of {@link #BROKER_ID} with {@code trigger} after {@code runId}. */
  protected SyncRun successfulRunAfter(long runId, SyncTrigger trigger) {
    for (SyncRun run : repository().syncRuns(100)) {
      if (run.id() > runId
          && BROKER_ID.equals(run.brokerId())
          && run.trigger() == trigger
          && "SUCCEEDED".equals(run.status())) {
        return run;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- broker-side listeners

  /** Position listeners registered at the broker side of {@link #BROKER_ID}'s connection. */
  protected int brokerPositionListeners() {
    Integer printed = printedPositionListeners(executeCommand("ibkr:status"));
    if (printed == null) {
      throw new AssertionError("ibkr:status shows no position listeners line for " + BROKER_ID);
    }
    return printed;
  }

  protected void awaitBrokerPositionListeners(int expected) {
    awaitBrokerPositionListeners(expected, PATIENCE);
  }

  protected void awaitBrokerPositionListeners(int expected, Duration timeout) {
    await(
        "broker-side position listeners of " + BROKER_ID + " == " + expected,
        timeout,
        () -> sessionOrNull() != null && brokerPositionListeners() == expected);
  }

  private static Integer printedPositionListeners(String ibkrStatus) {
    boolean inBlock = false;
    for (String line : ibkrStatus.split("\\R")) {
      if (line.startsWith("IBKR ")) {
        inBlock = line.trim().equals("IBKR " + BROKER_ID);
      } else if (inBlock && line.trim().startsWith("position listeners")) {
        return Integer.valueOf(line.trim().substring("position listeners".length()).trim());
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- table versus book

  /** Open rows as "account/conId" → "quantity @ average cost", from the simulator. */
  static Map<String, String> bookRows(List<SimulatedPosition> book) {
    Map<String, String> rows = new TreeMap<>();
    for (SimulatedPosition p : book) {
      if (!p.isFlat()) {
        rows.put(p.account() + "/" + p.contract().conId(), row(p.quantity(), p.averageCost()));
      }
    }
    return rows;
  }

  /** Open rows as "account/conId" → "quantity @ average cost", from the table. */
  static Map<String, String> tableRows(List<StoredPosition> stored) {
    Map<String, String> rows = new TreeMap<>();
    for (StoredPosition s : stored) {
      if (!s.isClosed() && s.position().quantity().signum() != 0) {
        rows.put(
            s.position().account() + "/" + s.position().contract().conId(),
            row(s.position().quantity(), s.position().averageCost()));
      }
    }
    return rows;
  }

  /**
   * Quantity exactly; average cost to 10 significant digits, because the TWS protocol carries it as
   * a double.
   */
  static String row(BigDecimal quantity, BigDecimal averageCost) {
    return plain(quantity)
        + " @ "
        + (averageCost == null ? "-" : plain(averageCost.round(new MathContext(10))));
  }

  private static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  protected Map<String, String> bookRows() {
    return bookRows(simulator().book());
  }

  protected Map<String, String> tableRows() {
    return tableRows(repository().allPositions(false));
  }

  /** Waits until the table equals {@code truth}, failing with both sides. */
  protected void awaitTableEquals(Supplier<Map<String, String>> truth) {
    awaitTableEquals(truth, PATIENCE);
  }

  protected void awaitTableEquals(Supplier<Map<String, String>> truth, Duration timeout) {
    try {
      await("table equals the simulator's book", timeout, () -> truth.get().equals(tableRows()));
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage() + "\nbook:  " + truth.get() + "\ntable: " + tableRows(), e);
    }
  }

  protected void awaitTableEqualsBook() {
    awaitTableEquals(this::bookRows);
  }

  /**
   * Like {@link #await} within {@link #PATIENCE}, but polls every millisecond, for a wait whose
   * duration is printed.
   */
  protected static void awaitClosely(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + PATIENCE + " waiting for: " + what);
      }
      sleep(Duration.ofMillis(1));
    }
  }

  // ---------------------------------------------------------------- log

  protected static Path karafLog() {
    return Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
  }

  protected static String karafLogText() {
    try {
      return Files.readString(karafLog(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many log lines contain {@code text}. */
  protected static int logLines(String text) {
    int n = 0;
    for (String line : karafLogText().split("\\R")) {
      if (line.contains(text)) {
        n++;
      }
    }
    return n;
  }

  protected static void awaitLogLines(String text, int atLeast) {
    await(
        "at least " + atLeast + " log line(s) containing '" + text + "' in " + karafLog(),
        PATIENCE,
        () -> logLines(text) >= atLeast);
  }
}
