package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExamServer;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatorSettings;

/**
 * The Positions page of the web console in a real headless Chromium (Debian {@code chromium} and
 * {@code chromium-driver}), driven by Selenium from this JVM: Karaf runs in Pax Exam's server mode,
 * the gateway simulator and PostgreSQL beside the test, so the test trades and reads the database
 * itself.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PositionsPageIT {

  static final String DATABASE = "positions_page";
  static final String A = "DU111111";
  static final String B = "DU222222";
  static final String XSS = "<img src=x onerror=\"window.__xss=1\">";
  static final String USER = "pagetest";
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final String BASE = "http://127.0.0.1:8181";
  static final String PAGE = "/system/console/positions";
  static final SimulatedContract AAPL = SimulatedContract.stock(265598, "AAPL", "USD");
  static final Duration PATIENCE = Duration.ofSeconds(120);

  static GatewaySimulator simulator;
  static String password;
  static WebDriver browser;

  /** The container: the sync stack and the page, pointed at the simulator in this JVM. */
  public static class Container {
    @Configuration
    public Option[] config() throws IOException {
      simulator = GatewaySimulator.start(SimulatorSettings.forTests(A, B));
      simulator.setPosition(A, AAPL, new BigDecimal("100"), new BigDecimal("150.25"));
      simulator.setPosition(
          A, SimulatedContract.stock(272093, "MSFT", "USD"), new BigDecimal("-20"), BigDecimal.TEN);
      simulator.setPosition(
          B,
          SimulatedContract.stock(76792991, "TSLA", "USD"),
          new BigDecimal("0.5"),
          new BigDecimal("212.5"));
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).replace('-', 'x');
      List<Option> options =
          new ArrayList<>(
              Arrays.asList(
                  KarafTestSupport.karaf(DATABASE, "position-sync", "position-sync-web")));
      options.addAll(Arrays.asList(SyncStackSupport.syncConfiguration(1, 300)));
      String ibkr = SyncStackSupport.CFG_IBKR;
      options.addAll(
          List.of(
              editConfigurationFilePut(ibkr, "broker.id", "sim"),
              editConfigurationFilePut(ibkr, "host", "127.0.0.1"),
              editConfigurationFilePut(ibkr, "port", String.valueOf(simulator.port())),
              editConfigurationFilePut(ibkr, "clientId", "7"),
              // the test's own user; nothing else can log in
              editConfigurationFilePut("etc/users.properties", USER, password + ",admin"),
              editConfigurationFilePut(
                  "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", "8181"),
              editConfigurationFilePut(
                  "etc/org.ops4j.pax.web.cfg",
                  "org.ops4j.pax.web.listening.addresses",
                  "127.0.0.1")));
      return options.toArray(new Option[0]);
    }
  }

  @ClassRule public static final PaxExamServer KARAF = new PaxExamServer(Container.class);

  @BeforeClass
  public static void openThePage() throws Exception {
    await("the first sync committed", () -> succeededRuns() >= 1);
    insertHostileRows();
    await("the page's JSON answers", () -> get(PAGE + "/data.json", USER, password) == 200);
    browser = chromium();
    browser.get("http://" + USER + ":" + password + "@127.0.0.1:8181" + PAGE);
    await("the positions table filled", () -> !pageRows().isEmpty());
  }

  @AfterClass
  public static void close() {
    if (browser != null) {
      browser.quit();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @Test
  public void a_withoutCredentialsEveryPathOfThePluginAnswers401() throws Exception {
    List<String> paths =
        List.of(
            PAGE,
            PAGE + "/",
            PAGE + "/data.json",
            PAGE + "/data.json?account=" + A + "&at=2026-01-01T00:00:00Z&offset=0&limit=5",
            PAGE + "/res/positions.js",
            PAGE + "/res/positions.css",
            PAGE + "/res/missing.js",
            PAGE + "/anything/else");
    for (String path : paths) {
      assertEquals("no credentials: " + path, 401, get(path, null, null));
      assertEquals("wrong password: " + path, 401, get(path, USER, password + "x"));
    }
    assertEquals(200, get(PAGE + "/res/positions.js", USER, password));
    assertEquals(200, get(PAGE + "/res/positions.css", USER, password));
    assertEquals(400, get(PAGE + "/data.json?at=yesterday", USER, password));
  }

  @Test
  public void b_everyAssetComesFromTheConsoleItself() {
    List<?> sources =
        (List<?>)
            js(
                "return Array.from(document.querySelectorAll('script[src],link[href],img[src]'))"
                    + ".map(e => e.src || e.href)");
    assertTrue("the page loads assets", sources.size() > 0);
    for (Object source : sources) {
      // the browser resolves them against the page URL, credentials included: compare the origin
      URI uri = URI.create(source.toString());
      assertEquals(
          "asset from elsewhere: " + source, "127.0.0.1:8181", uri.getHost() + ":" + uri.getPort());
      assertTrue(
          "asset outside the console: " + source, uri.getPath().startsWith("/system/console/"));
    }
  }

  @Test
  public void c_positionsTableEqualsTheDatabase() throws Exception {
    await("page equals database", () -> pageRows().equals(databaseRows()));
    assertEquals(databaseRows(), pageRows());
  }

  @Test
  public void d_hostileTextRendersAsText() {
    await("the hostile row shown", () -> pageRows().stream().anyMatch(r -> r.startsWith(XSS)));
    @SuppressWarnings("unchecked")
    List<List<String>> cells =
        (List<List<String>>)
            js(
                "return Array.from(document.querySelectorAll('#ps-positions tbody tr'))"
                    + ".map(tr => Array.from(tr.cells).map(td => td.textContent))");
    List<String> hostile = cells.stream().filter(r -> r.get(0).equals(XSS)).findFirst().get();
    assertEquals(XSS, hostile.get(2)); // symbol
    assertEquals(XSS, hostile.get(3)); // type
    assertEquals(XSS, hostile.get(4)); // currency
    await(
        "the hostile sync run shown",
        () -> browser.findElement(By.id("ps-runs")).getText().contains(XSS));
    assertTrue(browser.findElements(By.cssSelector("#ps-root img")).isEmpty());
    assertEquals(Boolean.TRUE, js("return typeof window.__xss === 'undefined'"));
  }

  @Test
  public void e_aTradeAppearsWithoutReloadAndTheAsOfPickerShowsTheStateRecordedThen()
      throws Exception {
    List<String> before = databaseRows();
    Instant finishedAt = lastFinishedRun();
    // the trade must commit in a later second than the run the picker will show
    while (Instant.now().getEpochSecond() <= finishedAt.getEpochSecond() + 1) {
      Thread.sleep(100);
    }
    js("window.__sameDocument = true");

    long start = System.nanoTime();
    simulator.trade(A, AAPL, new BigDecimal("7"), new BigDecimal("151"));
    long deadline = start + Duration.ofSeconds(30).toNanos();
    while (pageRows().stream().noneMatch(r -> r.equals(A + "|265598|107"))) {
      if (System.nanoTime() > deadline) {
        fail("the trade did not appear within 30 s; page shows " + pageRows());
      }
      Thread.sleep(50);
    }
    long delayMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("no reload", Boolean.TRUE, js("return window.__sameDocument === true"));
    Files.writeString(
        Path.of("target/positions-page-delay.txt"),
        "trade to page: " + delayMillis + " ms (debounce 1 s, poll 2 s)\n");
    System.out.println("PositionsPageIT: trade appeared on the page after " + delayMillis + " ms");
    screenshot();

    Object picked =
        js(
            "var d = new Date(arguments[0]); var p = n => (n < 10 ? '0' : '') + n;"
                + "var v = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate())"
                + " + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());"
                + "var el = document.getElementById('ps-at'); el.value = v;"
                + "el.dispatchEvent(new Event('change')); return v;",
            finishedAt.toEpochMilli());
    await(
        "as of " + picked + " (run finished " + finishedAt + ") shows " + before,
        () ->
            browser.findElement(By.id("ps-caption")).getText().startsWith("As of")
                && pageRows().equals(before));
    assertEquals(before, pageRows());
    js("document.getElementById('ps-now').click()");
    await("back to now", () -> pageRows().equals(databaseRows()));
  }

  // ------------------------------------------------------------------ helpers

  private static WebDriver chromium() {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      fail(
          "PositionsPageIT needs a real browser: "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + " are missing; install the Debian packages chromium and chromium-driver"
              + " (apt-get install -y chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1100");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    return new ChromeDriver(service, options);
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /** Rows of the page's positions table as "account|conId|quantity". */
  @SuppressWarnings("unchecked")
  private static List<String> pageRows() {
    List<List<String>> cells =
        (List<List<String>>)
            js(
                "return Array.from(document.querySelectorAll('#ps-positions tbody tr'))"
                    + ".map(tr => Array.from(tr.cells).map(td => td.textContent))");
    return cells.stream().map(r -> r.get(0) + "|" + r.get(1) + "|" + plain(r.get(5))).toList();
  }

  /** Open positions in the database, in the page's order, as "account|conId|quantity". */
  private static List<String> databaseRows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select account, con_id, quantity from positions where quantity <> 0"
                    + " order by account, con_id")) {
      while (rs.next()) {
        rows.add(
            rs.getString(1)
                + "|"
                + rs.getLong(2)
                + "|"
                + rs.getBigDecimal(3).stripTrailingZeros().toPlainString());
      }
    }
    return rows;
  }

  private static String plain(String quantity) {
    return new BigDecimal(quantity).stripTrailingZeros().toPlainString();
  }

  private static long succeededRuns() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from sync_runs where status = 'SUCCEEDED'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Instant lastFinishedRun() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select max(finished_at) from sync_runs where status = 'SUCCEEDED'")) {
      rs.next();
      Timestamp finished = rs.getTimestamp(1);
      return finished.toInstant();
    }
  }

  /**
   * A position whose account and every string column hold markup, and a failed sync run whose
   * broker and error do: written straight into the tables, as any writer could have.
   */
  private static void insertHostileRows() throws SQLException {
    try (Connection c = connect();
        PreparedStatement position =
            c.prepareStatement(
                "insert into positions (account, con_id, symbol, sec_type, currency, exchange,"
                    + " local_symbol, trading_class, expiry, option_right, multiplier, quantity)"
                    + " values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 3)");
        PreparedStatement run =
            c.prepareStatement(
                "insert into sync_runs (broker_id, trigger, started_at, finished_at, status,"
                    + " error) values (?, 'MANUAL', now(), now(), 'FAILED', ?)")) {
      for (int i = 1; i <= 10; i++) {
        position.setString(i, XSS);
      }
      position.executeUpdate();
      run.setString(1, XSS);
      run.setString(2, XSS);
      run.executeUpdate();
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + TestDatabase.port() + "/" + DATABASE,
        "postgres",
        "postgres");
  }

  /** HTTP status of a GET, with Basic credentials when a user is given. */
  private static int get(String path, String user, String secret) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30));
    if (user != null) {
      String token = user + ":" + secret;
      request.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return HttpClient.newHttpClient()
          .send(request.build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void screenshot() throws IOException {
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, Path.of("target/positions-page.png"), StandardCopyOption.REPLACE_EXISTING);
  }

  interface Check {
    boolean holds() throws Exception;
  }

  private static void await(String what, Check check) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (check.holds()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("timed out after " + PATIENCE + " waiting for: " + what, last);
  }
}
