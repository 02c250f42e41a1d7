package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * A database that the release before Flyway 13 migrated to V6 and wrote to (the repository bundle's
 * fixture) is upgraded in place by the feature in Karaf: the schema marker appears, no migration is
 * re-run or repaired, the data is untouched, and Flyway logs no version warning.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchemaUpgradeIT extends KarafTestSupport {

  private static final String DATABASE = "upgrade";
  private static final String LATEST = "9";
  private static final Pattern VERSION_WARNING =
      Pattern.compile("(?i)upgrade recommended|not (been )?tested|newer than this version");

  /** One text of everything the release stored: history of migrations and every table. */
  private static final String DIGEST =
      "select md5(string_agg(t, E'\\n')) from ("
          + " select (select string_agg(h::text, E'\\n' order by installed_rank)"
          + "           from flyway_schema_history h where coalesce(version, '0')::int <= 6)"
          + " union all select string_agg(p::text, E'\\n' order by account, con_id) from positions p"
          // the release's columns: V7 adds trigger and average cost, null for its rows
          + " union all select string_agg((h.id, h.account, h.con_id, h.old_quantity,"
          + " h.new_quantity, h.changed_at, h.sync_run_id)::text, E'\\n' order by id)"
          + " from position_history h"
          + " union all select string_agg(r::text, E'\\n' order by id) from sync_runs r"
          + " union all select string_agg(s::text, E'\\n' order by account)"
          + "   from account_sync_state s) as all_rows(t)";

  @Inject
  @Filter("(dataSourceName=positions)")
  protected DataSource dataSource;

  @Configuration
  public Option[] config() throws Exception {
    Option[] options = karaf(DATABASE, "position-sync");
    String url = "jdbc:postgresql://127.0.0.1:" + TestDatabase.port() + "/" + DATABASE;
    // the dump clears its session's search_path: restore on a connection of its own
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
        Statement s = c.createStatement()) {
      s.execute(fixture());
    }
    String before;
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(DIGEST)) {
      rs.next();
      before = rs.getString(1);
    }
    Option[] more = Arrays.copyOf(options, options.length + 1);
    // the container compares against what the release left, computed before it started
    more[options.length] =
        editConfigurationFilePut("etc/system.properties", "itest.fixture.digest", before);
    return more;
  }

  private static String fixture() throws IOException {
    String path = System.getProperty("itest.fixture.v6");
    if (path == null || !Files.isRegularFile(Path.of(path))) {
      throw new IllegalStateException(
          "the V6 release fixture is missing (system property itest.fixture.v6: " + path + ")");
    }
    return Files.readString(Path.of(path), StandardCharsets.UTF_8);
  }

  @Test
  public void releaseDatabaseIsUpgradedInPlaceWithoutWarning() throws Exception {
    await("schema marker at version " + LATEST, Duration.ofSeconds(60), () -> schemaReady());
    assertEquals(LATEST, schemaVersion());

    assertEquals(
        "flyway_schema_history and every table as the release left them",
        System.getProperty("itest.fixture.digest"),
        scalar(DIGEST));
    assertEquals("120", scalar("select quantity from positions_view where con_id = 265598"));

    assertTrue(
        "Flyway's logger is at INFO: " + executeCommand("log:get org.flywaydb"),
        executeCommand("log:get org.flywaydb").contains("INFO"));
    // Karaf's log pattern keeps only the last part of a logger's name: read the whole log
    List<String> log = logLines();
    assertTrue(
        "Flyway's INFO lines are in the log",
        log.stream()
            .anyMatch(l -> l.contains("INFO") && l.contains("Successfully validated " + LATEST)));
    assertTrue("Flyway named the server", log.stream().anyMatch(l -> l.contains("(PostgreSQL 1")));
    List<String> warnings = log.stream().filter(l -> VERSION_WARNING.matcher(l).find()).toList();
    assertTrue("no version warning in the log: " + warnings, warnings.isEmpty());
  }

  private boolean schemaReady() {
    try {
      return references() != null;
    } catch (InvalidSyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private String schemaVersion() throws InvalidSyntaxException {
    return String.valueOf(references()[0].getProperty("schema.version"));
  }

  private ServiceReference<?>[] references() throws InvalidSyntaxException {
    return bundleContext.getServiceReferences(
        "org.tradeplatform.position.repository.internal.SchemaReady", null);
  }

  private String scalar(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String> logLines() throws IOException {
    Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.toList();
    }
  }
}
