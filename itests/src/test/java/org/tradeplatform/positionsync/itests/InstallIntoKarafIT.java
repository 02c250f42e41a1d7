package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.environment;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * README's "Install into your Karaf", followed line by line in the plain {@code apache-karaf}
 * distribution: the pgpass file, the DataSource and gateway files, {@code feature:repo-add} with
 * the features' coordinates, {@code feature:install position-sync}, the three shell commands of the
 * verification, and {@code bundle:update}, each read from the README and run as written.
 *
 * <p>What differs from a user's Karaf, and why: nothing of ours is preinstalled (no {@code
 * features()} option, unlike {@link KarafTestSupport#karaf}); Pax Exam adds its own probe feature;
 * Karaf reads Maven artifacts from this build's local repository plus {@code target/reactor-repo}
 * and no remote one, because {@code mvn verify} does not install (the README's step 1); the values
 * of the README's example files that name a place (database port and name, gateway port, password)
 * are replaced by the test's, each replacement asserted to hit. PostgreSQL lets the role in only
 * with its password, which the driver reads from {@code PGPASSFILE}. The gateway is a simulator on
 * the test driver, outside Karaf, like a real gateway.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InstallIntoKarafIT extends KarafTestSupport {

  private static final String SECTION = "Install into your Karaf";
  private static final String DATABASE = "installed";
  private static final String ROLE = "position_sync";
  private static final String PASSWORD = "Vt4-install-dbpw-8k2e";
  private static final String BROKER_ID = "paper";
  private static final String ACCOUNT_1 = "DU555001";
  private static final String ACCOUNT_2 = "DU555002";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  /** The gateway's book: account, conId, symbol, quantity, average cost. */
  private static final List<String[]> BOOK =
      List.of(
          new String[] {ACCOUNT_1, "265598", "AAPL", "100", "150.25"},
          new String[] {ACCOUNT_1, "272093", "MSFT", "-50", "310.5"},
          new String[] {ACCOUNT_2, "8314", "IBM", "25", "140.75"});

  @Configuration
  public Option[] config() throws IOException {
    TestDatabase.create(DATABASE);
    TestDatabase.requirePassword(DATABASE, ROLE, PASSWORD);
    int gatewayPort = OnDriver.startGateway();
    Path pgpass = Path.of("target", "install-pgpass").toAbsolutePath();
    Files.deleteIfExists(pgpass);
    List<Option> options = new ArrayList<>(plainKaraf());
    options.addAll(
        List.of(
            environment("PGPASSFILE=" + pgpass),
            property("install.readme", Path.of("..", "README.md").toAbsolutePath().toString()),
            property("install.project.version", System.getProperty("project.version")),
            property("install.database.port", String.valueOf(TestDatabase.port())),
            property("install.gateway.port", String.valueOf(gatewayPort))));
    return options.toArray(new Option[0]);
  }

  private static Option property(String key, String value) {
    return editConfigurationFilePut("etc/system.properties", key, value);
  }

  @Test
  public void theReadmeStepsInstallAWorkingStackInPlainKaraf() throws Exception {
    ReadmeSection readme =
        ReadmeSection.read(Path.of(System.getProperty("install.readme")), SECTION);
    List<String> ran = new ArrayList<>();
    assertTrue(
        "plain Karaf has nothing of ours before the steps", bundles("positionsync").isEmpty());

    // step 2: the password file and the DataSource, step 3: the gateway
    Path etc = Path.of(System.getProperty("karaf.etc"));
    String dbHost = "127.0.0.1:" + System.getProperty("install.database.port");
    write(
        Path.of(System.getenv("PGPASSFILE")),
        replace(
            readme.file("pgpass"),
            Map.of("localhost:5432", dbHost, ":positions:", ":" + DATABASE + ":"),
            Map.of("the-password", PASSWORD)));
    write(
        etc.resolve("org.ops4j.datasource-positions.cfg"),
        replace(
            readme.file("etc/org.ops4j.datasource-positions.cfg"),
            Map.of("localhost:5432", dbHost, "/positions?", "/" + DATABASE + "?"),
            Map.of()));
    write(
        etc.resolve("org.tradeplatform.broker.ibkr-paper.cfg"),
        replace(
            readme.file("etc/org.tradeplatform.broker.ibkr-paper.cfg"),
            Map.of("port = 4002", "port = " + System.getProperty("install.gateway.port")),
            Map.of()));

    // step 4
    String repoAdd = readme.consoleLine("feature:repo-add");
    assertEquals(
        "the README names the features' real coordinates",
        "feature:repo-add mvn:"
            + GROUP
            + "/features/"
            + System.getProperty("install.project.version")
            + "/xml/features",
        repoAdd);
    run(repoAdd, ran);
    run(readme.consoleLine("feature:install"), ran);
    assertTrue(
        "feature position-sync installed",
        featuresService.isInstalled(featuresService.getFeature("position-sync")));

    // step 5: what the README says to look for; the shell's numbers checked through the API
    Installed installed = new Installed(bundleContext);
    awaitOutput(
        readme.consoleLine("ibkr:status"),
        ran,
        out ->
            out.contains("IBKR " + BROKER_ID)
                && out.contains(ACCOUNT_1)
                && out.contains(ACCOUNT_2));
    awaitOutput(
        readme.consoleLine("position:status"),
        ran,
        out ->
            out.contains("Health: OK")
                && hasRowFor(out, BROKER_ID)
                && installed.reconciled(BROKER_ID));
    installed.awaitTableEqualsBook();
    String list = run(readme.consoleLine("position:list"), ran);
    for (String[] row : BOOK) {
      assertTrue(
          "position:list shows " + Arrays.toString(row) + ":\n" + list,
          list.lines().anyMatch(line -> showsRow(line, row)));
    }

    // step 6
    Bundle ibkr = bundle("ibkr");
    long modified = ibkr.getLastModified();
    long succeeded = installed.totalSucceeded();
    String update = readme.consoleLine("bundle:update");
    assertEquals("the README updates the ibkr bundle", "bundle:update " + GROUP + ".ibkr", update);
    run(update, ran);
    assertTrue("the ibkr bundle was updated", bundle("ibkr").getLastModified() > modified);
    await(
        "a full reconcile after the update",
        PATIENCE,
        () -> installed.totalSucceeded() > succeeded && bundle("ibkr").getState() == Bundle.ACTIVE);
    awaitOutput(readme.consoleLine("ibkr:status"), ran, out -> out.contains("IBKR " + BROKER_ID));
    installed.awaitTableEqualsBook();
    assertEquals(
        "no password in Config Admin",
        "",
        datasourcePasswordKeys(installed.service(ConfigurationAdmin.class)));

    assertEquals(
        "every console line of the README section was run",
        new TreeSet<>(readme.consoleLines()),
        new TreeSet<>(ran));
  }

  // ---------------------------------------------------------------- steps

  /**
   * Runs a console line as the console's user does: with the roles of Karaf's {@code admingroup},
   * which its command ACLs ask for ({@code admin} for {@code feature:install}, {@code manager} for
   * {@code bundle:update}).
   */
  private String run(String command, List<String> ran) {
    ran.add(command);
    Subject admin = new Subject();
    for (String role : List.of("admin", "manager", "viewer", "systembundles")) {
      admin.getPrincipals().add(new RolePrincipal(role));
    }
    try {
      return Subject.doAs(admin, (PrivilegedExceptionAction<String>) () -> executeCommand(command));
    } catch (PrivilegedActionException e) {
      throw new AssertionError("command failed: " + command, e.getCause());
    }
  }

  /** Runs {@code command} until its output satisfies {@code expected}, as a reader would. */
  private void awaitOutput(String command, List<String> ran, Predicate<String> expected) {
    String[] last = {""};
    try {
      await(
          command + " shows what the README says",
          PATIENCE,
          () -> expected.test(last[0] = run(command, ran)));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nlast output:\n" + last[0], e);
    }
  }

  /**
   * The README block with its example values replaced by the test's; every example value must
   * occur, so a README edit that drops one fails here instead of going untested. {@code secrets}
   * are replaced likewise but never printed.
   */
  private static String replace(
      String text, Map<String, String> values, Map<String, String> secrets) {
    String result = text;
    for (Map<String, String> map : List.of(values, secrets)) {
      for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
        assertTrue(
            "the README block contains '" + e.getKey() + "':\n" + text,
            result.contains(e.getKey()));
        result = result.replace(e.getKey(), e.getValue());
      }
    }
    return result;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static boolean hasRowFor(String status, String brokerId) {
    return status.lines().anyMatch(line -> line.strip().startsWith(brokerId + " "));
  }

  /** A line of {@code position:list} with the row's account, conId and quantity as cells. */
  private static boolean showsRow(String line, String[] row) {
    List<String> cells = Arrays.asList(line.strip().split("\\s+"));
    return cells.contains(row[0]) && cells.contains(row[1]) && cells.contains(row[3]);
  }

  private List<Bundle> bundles(String symbolicNamePart) {
    return Arrays.stream(bundleContext.getBundles())
        .filter(b -> String.valueOf(b.getSymbolicName()).contains(symbolicNamePart))
        .toList();
  }

  // ---------------------------------------------------------------- the two sides

  /**
   * The gateway, started on the test driver: the container never loads this class, so Karaf needs
   * no simulator package.
   */
  private static final class OnDriver {
    private static GatewaySimulator gateway;

    static synchronized int startGateway() throws IOException {
      if (gateway == null) {
        gateway = GatewaySimulator.start(SimulatorSettings.forTests(ACCOUNT_1, ACCOUNT_2));
        for (String[] row : BOOK) {
          gateway.setPosition(
              row[0],
              SimulatedContract.stock(Long.parseLong(row[1]), row[2], "USD"),
              new BigDecimal(row[3]),
              new BigDecimal(row[4]));
        }
        GatewaySimulator started = gateway;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-install-gateway"));
      }
      return gateway.port();
    }
  }

  /**
   * Checks through the position API, which exists in the container only after {@code
   * feature:install}: this class is loaded then, not before.
   */
  private static final class Installed {
    private final BundleContext context;

    Installed(BundleContext context) {
      this.context = context;
    }

    /** The session is bound, has succeeded at least once and holds the book's positions. */
    boolean reconciled(String brokerId) {
      SyncStatistics s = status().sessions().get(brokerId);
      return s != null && s.syncsSucceeded() >= 1 && s.positionsHeld() == BOOK.size();
    }

    long totalSucceeded() {
      return status().total().syncsSucceeded();
    }

    void awaitTableEqualsBook() {
      Map<String, String> book = new TreeMap<>();
      for (String[] row : BOOK) {
        book.put(row[0] + "/" + row[1], row[3] + " @ " + row[4]);
      }
      AtomicReference<Map<String, String>> seen = new AtomicReference<>();
      try {
        await(
            "table equals the gateway's book",
            PATIENCE,
            () -> book.equals(seen.updateAndGet(t -> table())));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nbook:  " + book + "\ntable: " + seen.get(), e);
      }
    }

    private Map<String, String> table() {
      Map<String, String> rows = new TreeMap<>();
      for (StoredPosition s : service(PositionRepository.class).allPositions(false)) {
        var p = s.position();
        rows.put(
            p.account() + "/" + p.contract().conId(),
            plain(p.quantity()) + " @ " + plain(p.averageCost().round(new MathContext(10))));
      }
      return rows;
    }

    private PositionSyncStatus status() {
      return service(PositionSyncStatus.class);
    }

    <T> T service(Class<T> type) {
      Object[] found = new Object[1];
      await(
          type.getSimpleName() + " registered",
          PATIENCE,
          () -> {
            ServiceReference<T> ref = context.getServiceReference(type);
            found[0] = ref == null ? null : context.getService(ref);
            return found[0] != null;
          });
      return type.cast(found[0]);
    }

    private static String plain(BigDecimal value) {
      return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
  }
}
