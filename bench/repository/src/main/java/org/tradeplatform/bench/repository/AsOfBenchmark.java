package org.tradeplatform.bench.repository;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.tradeplatform.position.api.PositionsAsOf;
import org.tradeplatform.position.repository.internal.PositionHistoryMapper;
import org.tradeplatform.position.repository.internal.PostgresPositionRepository;
import org.tradeplatform.position.repository.internal.RepositorySettings;
import org.tradeplatform.position.repository.internal.SchemaMigrator;

/**
 * Measures "positions as of T" on a 100,000-position book with 1,000,000 history rows (ten changes
 * per position over ten days, a quarter closed and reopened) on an embedded PostgreSQL: the first
 * page of 500, a deep page, one account's first page and the whole book read page by page, each as
 * the median of measured runs after a warm-up; and quotes {@code EXPLAIN ANALYZE} of the
 * repository's own SQL. Writes a Markdown file.
 */
public final class AsOfBenchmark {

  private static final int POSITIONS = 100_000;
  private static final int CHANGES = 10;
  private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");

  /** Mid-way through day five: each position has had four or five changes. */
  private static final Instant AT = BASE.plus(Duration.ofHours(5 * 24 + 12));

  public static void main(String[] args) throws Exception {
    Path results = Path.of(System.getProperty("bench.results", "bench/results/as-of.md"));
    int iterations = Integer.getInteger("bench.iterations", 5);
    java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
    try (EmbeddedPostgres server = ServerFacts.durableServer().start()) {
      ServerFacts facts = ServerFacts.read(server);
      try (Connection c = server.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("create database as_of");
      }
      DataSource database = server.getDatabase("postgres", "as_of");
      String version = new SchemaMigrator(database).migrate();
      long seedStart = System.nanoTime();
      seed(database);
      long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;

      PooledDataSource pool =
          new PooledDataSource(
              "org.postgresql.Driver",
              "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/as_of",
              "postgres",
              "postgres");
      PostgresPositionRepository repository =
          new PostgresPositionRepository(
              pool, new RepositorySettings(5_000, 30, Duration.ofSeconds(10)));
      StringBuilder report = new StringBuilder();
      report
          .append("# As-of query: 100,000 positions, 1,000,000 history rows\n\n")
          .append("`AsOfBenchmark` (bench/repository), embedded PostgreSQL, schema version ")
          .append(version)
          .append(", ")
          .append(Runtime.getRuntime().availableProcessors())
          .append(" cores, seeded in ")
          .append(seedMillis)
          .append(" ms. ")
          .append(facts.line())
          .append(". As of ")
          .append(AT)
          .append(" (every position has had 5 or 6 of its 10 changes). Median of ")
          .append(iterations)
          .append(" runs after one warm-up, min–max in brackets.\n\n")
          .append("| query | rows | median ms | (min–max) |\n| --- | --- | --- | --- |\n");
      measure(
          report,
          "first page, every account (offset 0, limit 500)",
          iterations,
          () -> repository.positionsAsOf(AT, Optional.empty(), 0, 500).positions().size());
      measure(
          report,
          "deep page, every account (offset 50,000, limit 500)",
          iterations,
          () -> repository.positionsAsOf(AT, Optional.empty(), 50_000, 500).positions().size());
      measure(
          report,
          "first page of one account (DU3, limit 500)",
          iterations,
          () -> repository.positionsAsOf(AT, Optional.of("DU3"), 0, 500).positions().size());
      measure(
          report,
          "whole book in pages of 10,000 (as position:list --at reads it)",
          iterations,
          () -> wholeBook(repository));
      report.append("\n## EXPLAIN (ANALYZE, BUFFERS): first page, every account\n\n```\n");
      report.append(explain(database, 0, 500)).append("```\n");
      report.append("\n## EXPLAIN (ANALYZE, BUFFERS): deep page (offset 50,000)\n\n```\n");
      report.append(explain(database, 50_000, 500)).append("```\n");
      Files.createDirectories(results.toAbsolutePath().getParent());
      Files.writeString(results, report.toString());
      System.out.println(report);
      pool.forceCloseAll();
    }
  }

  interface Query {
    int rows();
  }

  private static int wholeBook(PostgresPositionRepository repository) {
    int rows = 0;
    PositionsAsOf page;
    do {
      page = repository.positionsAsOf(AT, Optional.empty(), rows, 10_000);
      rows += page.positions().size();
    } while (page.more());
    return rows;
  }

  private static void measure(StringBuilder report, String name, int iterations, Query query) {
    query.rows();
    long[] millis = new long[iterations];
    int rows = 0;
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      rows = query.rows();
      millis[i] = (System.nanoTime() - start) / 1_000_000;
    }
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    report
        .append("| ")
        .append(name)
        .append(" | ")
        .append(rows)
        .append(" | ")
        .append(sorted[iterations / 2])
        .append(" | (")
        .append(sorted[0])
        .append("–")
        .append(sorted[iterations - 1])
        .append(") |\n");
  }

  /**
   * 100,000 positions in ten accounts; ten changes each, one per day; a quarter closed on day 5.
   */
  private static void seed(DataSource database) throws SQLException {
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "insert into position_history (account, con_id, old_quantity, new_quantity,"
              + " changed_at, sync_run_id, trigger, average_cost)"
              + " select 'DU' || (i % 10), i,"
              + "        case when k = 1 then null when k = 6 and i % 4 = 0 then 0 else k - 1 end,"
              + "        case when k = 5 and i % 4 = 0 then 0 else k end,"
              + "        timestamptz '"
              + BASE
              + "' + make_interval(days => k - 1,"
              + "          secs => (i % 86400)::double precision),"
              + "        k, 'CALLBACK', 100 + k"
              + "   from generate_series(1, "
              + POSITIONS
              + ") i, generate_series(1, "
              + CHANGES
              + ") k");
      s.execute(
          "insert into positions (account, con_id, symbol, sec_type, currency, quantity,"
              + " average_cost)"
              + " select 'DU' || (i % 10), i, 'S' || i, 'STK', 'USD', "
              + CHANGES
              + ", 110"
              + "   from generate_series(1, "
              + POSITIONS
              + ") i");
      s.execute("vacuum analyze positions");
      s.execute("vacuum analyze position_history");
    }
  }

  /** The repository's own SQL, with literals for its parameters, under EXPLAIN ANALYZE. */
  private static String explain(DataSource database, int offset, int limit) throws Exception {
    String sql =
        PositionHistoryMapper.class
            .getMethod(
                "positionsAsOf", java.time.OffsetDateTime.class, String.class, int.class, int.class)
            .getAnnotation(Select.class)
            .value()[0];
    sql =
        sql.replace("<script>", "")
            .replace("</script>", "")
            .replaceAll("(?s)<if test=\"account != null\">.*?</if>", "")
            .replace("&lt;&gt;", "<>")
            .replace("&lt;", "<")
            .replace("#{at}", "timestamptz '" + AT + "'")
            .replace("#{offset}", String.valueOf(offset))
            .replace("#{limit}", String.valueOf(limit + 1));
    List<String> plan = new ArrayList<>();
    try (Connection c = database.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("explain (analyze, buffers) " + sql)) {
      while (rs.next()) {
        plan.add(rs.getString(1));
      }
    }
    return String.join("\n", plan) + "\n";
  }
}
