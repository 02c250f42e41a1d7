package org.tradeplatform.bench.repository;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.position.repository.internal.PostgresPositionRepository;
import org.tradeplatform.position.repository.internal.RepositorySettings;
import org.tradeplatform.position.repository.internal.SchemaMigrator;

/**
 * Measures the position repository against a plain bulk load on an embedded PostgreSQL: for each
 * book size N, the first load, a reconcile with no change (checking that no row's {@code xmin}
 * moved), a reconcile with 1% changed and the latency of a single streamed {@code apply}; and, in
 * the same run, the baseline: COPY of the same N rows into an empty table with the positions
 * table's definition through the driver's {@link CopyManager}. A fresh repository instance per
 * iteration, so nothing in memory helps it. Writes milliseconds and ratios to a Markdown file.
 */
public final class RepositoryBenchmark {

  private static final String[] ACCOUNTS = {"DU1000001", "DU1000002", "DU1000003", "DU1000004"};
  private static final String COPY_COLUMNS =
      "account, con_id, symbol, sec_type, currency, exchange, local_symbol, trading_class,"
          + " expiry, strike, option_right, multiplier, quantity, average_cost, updated_at,"
          + " last_synced_at";

  private final EmbeddedPostgres server;
  private final int iterations;
  private final int applyCalls;
  private final Random random = new Random(20261124L);
  private Instant clock = Instant.parse("2026-11-24T00:00:00Z");
  private int databases;

  private RepositoryBenchmark(EmbeddedPostgres server, int iterations, int applyCalls) {
    this.server = server;
    this.iterations = iterations;
    this.applyCalls = applyCalls;
  }

  public static void main(String[] args) throws Exception {
    Path results = Path.of(System.getProperty("bench.results", "bench/results/repository.md"));
    int[] sizes =
        Arrays.stream(System.getProperty("bench.sizes", "1000,10000,100000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim()))
            .toArray();
    int iterations = Integer.getInteger("bench.iterations", 10);
    int applyCalls = Integer.getInteger("bench.applyCalls", 200);
    try (EmbeddedPostgres server =
        ServerFacts.durableServer()
            // the profiled round's plans (auto_explain) go to files in the data directory
            .setServerConfig("logging_collector", "on")
            .start()) {
      ServerFacts facts = ServerFacts.read(server);
      System.out.println(facts.line());
      FsyncProbe fsyncBefore = FsyncProbe.measure(facts.dataDirectory(), 200);
      RepositoryBenchmark benchmark = new RepositoryBenchmark(server, iterations, applyCalls);
      List<SizeResult> measured = new ArrayList<>();
      for (int size : sizes) {
        SizeResult result = benchmark.measure(size);
        System.out.println(result.summaryLine());
        measured.add(result);
      }
      FsyncProbe fsyncAfter = FsyncProbe.measure(facts.dataDirectory(), 200);
      String plans = benchmark.profile(sizes[sizes.length - 1], facts.dataDirectory());
      String report =
          report(measured, iterations, applyCalls, facts)
              + "\n## What bounds it\n\n"
              + "Before the iterations:\n"
              + fsyncBefore.markdown()
              + "After them:\n"
              + fsyncAfter.markdown()
              + "\nOne more round of N = "
              + sizes[sizes.length - 1]
              + " with `auto_explain` (statements over 20 ms, ANALYZE, BUFFERS, WAL), outside the"
              + " timing: first load, no-change reconcile, 1 % reconcile, one apply.\n\n```\n"
              + plans
              + "```\n";
      Files.createDirectories(results.toAbsolutePath().getParent());
      Files.writeString(results, report);
      System.out.println(report);
      System.out.println("Written to " + results.toAbsolutePath().normalize());
    }
  }

  private SizeResult measure(int size) throws Exception {
    SizeResult result = new SizeResult(size);
    // one warm-up round (JIT, plan caches), not recorded
    for (int i = -1; i < iterations; i++) {
      Round round = round(size);
      if (i >= 0) {
        result.add(round);
      }
    }
    return result;
  }

  /** One iteration: a fresh database, fresh pool and fresh repository instances. */
  private Round round(int size) throws Exception {
    return round(size, false);
  }

  /**
   * Runs one more round with auto_explain on its database and returns the plans PostgreSQL logged
   * meanwhile: where the time of the big statements goes, measured rather than guessed.
   */
  private String profile(int size, Path dataDirectory) throws Exception {
    Path logs = dataDirectory.resolve("log");
    Map<Path, Long> before = new HashMap<>();
    try (var files = Files.list(logs)) {
      for (Path file : files.toList()) {
        before.put(file, Files.size(file));
      }
    }
    round(size, true);
    StringBuilder plans = new StringBuilder();
    try (var files = Files.list(logs)) {
      for (Path file : files.sorted().toList()) {
        byte[] all = Files.readAllBytes(file);
        int from = (int) (long) before.getOrDefault(file, 0L);
        // bound parameters are whole arrays: keep the start of each line
        new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .map(line -> line.length() > 240 ? line.substring(0, 240) + " …" : line)
            .forEach(line -> plans.append(line).append('\n'));
      }
    }
    return plans.toString();
  }

  private Round round(int size, boolean profiled) throws Exception {
    String name = "bench_" + (++databases);
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("create database " + name);
      if (profiled) {
        for (String setting :
            List.of(
                "session_preload_libraries = 'auto_explain'",
                "auto_explain.log_min_duration = '20ms'",
                "auto_explain.log_analyze = on",
                "auto_explain.log_buffers = on",
                "auto_explain.log_wal = on",
                "auto_explain.log_timing = on")) {
          statement.execute("alter database " + name + " set " + setting);
        }
      }
    }
    String url = server.getJdbcUrl("postgres", name);
    PooledDataSource pool = new PooledDataSource("org.postgresql.Driver", url, "postgres", "");
    pool.setPoolMaximumActiveConnections(4);
    try {
      // migrations on a plain connection: MyBatis' pool logs Flyway's double close as an error
      new SchemaMigrator(server.getDatabase("postgres", name)).migrate();
      Round round = new Round();
      List<Position> book = book(size);

      round.copyMillis = copyBaseline(pool, book);
      round.stagingMillis = stagingLoad(pool, book);

      PositionSnapshot first = snapshot(book);
      long t0 = System.nanoTime();
      SyncResult loaded = repository(pool).applySnapshot(first, SyncTrigger.BIND);
      round.firstLoadMillis = millis(t0);
      check(loaded.inserted() == size, "first load inserted " + loaded.inserted());
      check(count(pool, "position_history") == size, "history rows after first load");
      vacuumAnalyze(pool);

      Map<String, Long> before = xmins(pool);
      t0 = System.nanoTime();
      SyncResult same = repository(pool).applySnapshot(snapshot(book), SyncTrigger.PERIODIC);
      round.noChangeMillis = millis(t0);
      check(same.changed() == 0 && same.unchanged() == size, "no-change reconcile changed rows");
      Map<String, Long> after = xmins(pool);
      round.xminUnchanged = before.equals(after) && before.size() == size;
      check(round.xminUnchanged, "a position row was rewritten by the no-change reconcile");

      t0 = System.nanoTime();
      int read = repository(pool).allPositions(true).size();
      round.mybatisReadMillis = millis(t0);
      check(read == size, "MyBatis read returned " + read);

      List<Position> changed = changeOnePercent(book);
      t0 = System.nanoTime();
      SyncResult onePercent =
          repository(pool).applySnapshot(snapshot(changed), SyncTrigger.PERIODIC);
      round.onePercentMillis = millis(t0);
      check(onePercent.updated() == Math.max(1, size / 100), "1% reconcile updated rows");

      PostgresPositionRepository streaming = repository(pool);
      double[] latencies = new double[applyCalls];
      for (int i = 0; i < applyCalls; i++) {
        Position base = changed.get(random.nextInt(changed.size()));
        Position next =
            new Position(
                base.account(),
                base.contract(),
                base.quantity().add(BigDecimal.valueOf(i + 1)),
                base.averageCost());
        t0 = System.nanoTime();
        SyncResult applied = streaming.apply("gw1", List.of(next), SyncTrigger.CALLBACK);
        latencies[i] = (System.nanoTime() - t0) / 1e6;
        check(applied.updated() == 1, "apply updated " + applied.updated());
      }
      Arrays.sort(latencies);
      round.applyP50 = percentile(latencies, 0.50);
      round.applyP99 = percentile(latencies, 0.99);
      round.applyLatencies = latencies;
      return round;
    } finally {
      pool.forceCloseAll();
      try (Connection admin = server.getPostgresDatabase().getConnection();
          Statement statement = admin.createStatement()) {
        statement.execute("drop database " + name + " with (force)");
      }
    }
  }

  private static PostgresPositionRepository repository(DataSource dataSource) {
    return new PostgresPositionRepository(
        dataSource,
        new RepositorySettings(
            Integer.getInteger("bench.batchSize", 5_000), 30, Duration.ofSeconds(30)));
  }

  /** COPY of the same rows into an empty table defined like positions (primary key included). */
  private double copyBaseline(DataSource dataSource, List<Position> book) throws Exception {
    String data = copyText(book);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("create table copy_baseline (like positions including all)");
      }
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      long t0 = System.nanoTime();
      long rows =
          copy.copyIn(
              "copy copy_baseline (" + COPY_COLUMNS + ") from stdin", new StringReader(data));
      double elapsed = millis(t0);
      check(rows == book.size(), "COPY loaded " + rows);
      try (Statement statement = connection.createStatement()) {
        statement.execute("drop table copy_baseline");
      }
      return elapsed;
    }
  }

  /**
   * The alternative write strategy, measured for the record: COPY into a temporary staging table,
   * then one INSERT ... SELECT into positions plus history, in one transaction.
   */
  private double stagingLoad(DataSource dataSource, List<Position> book) throws Exception {
    String data = copyText(book);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      long t0 = System.nanoTime();
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "create temp table staging (like positions including defaults) on commit drop");
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("copy staging (" + COPY_COLUMNS + ") from stdin", new StringReader(data));
        statement.execute(
            "with ins as (insert into positions ("
                + COPY_COLUMNS
                + ") select "
                + COPY_COLUMNS
                + " from staging returning account, con_id, quantity)"
                + " insert into position_history (account, con_id, old_quantity, new_quantity,"
                + " changed_at) select account, con_id, null, quantity, now() from ins");
      }
      connection.commit();
      double elapsed = millis(t0);
      try (Statement statement = connection.createStatement()) {
        statement.execute("truncate positions, position_history");
      }
      connection.commit();
      return elapsed;
    }
  }

  private static String copyText(List<Position> book) {
    String now = ZonedDateTime.now(ZoneOffset.UTC).toOffsetDateTime().toString();
    StringBuilder text = new StringBuilder(book.size() * 120);
    for (Position p : book) {
      Contract c = p.contract();
      text.append(p.account())
          .append('\t')
          .append(c.conId())
          .append('\t')
          .append(c.symbol())
          .append('\t')
          .append(nullable(c.secType()))
          .append('\t')
          .append(nullable(c.currency()))
          .append('\t')
          .append(nullable(c.exchange()))
          .append('\t')
          .append(nullable(c.localSymbol()))
          .append('\t')
          .append(nullable(c.tradingClass()))
          .append('\t')
          .append(nullable(c.expiry()))
          .append('\t')
          .append(c.strike() == null ? "\\N" : c.strike().toPlainString())
          .append('\t')
          .append(nullable(c.right()))
          .append('\t')
          .append(nullable(c.multiplier()))
          .append('\t')
          .append(p.quantity().toPlainString())
          .append('\t')
          .append(p.averageCost() == null ? "\\N" : p.averageCost().toPlainString())
          .append('\t')
          .append(now)
          .append('\t')
          .append(now)
          .append('\n');
    }
    return text.toString();
  }

  private static String nullable(String value) {
    return value == null ? "\\N" : value;
  }

  /** A book spread over four accounts: stocks and options with fractional quantities. */
  private List<Position> book(int size) {
    List<Position> book = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String account = ACCOUNTS[i % ACCOUNTS.length];
      long conId = 100_000L + i;
      Contract contract =
          i % 5 == 0
              ? new Contract(
                  conId,
                  "SYM" + (i % 997),
                  "OPT",
                  "USD",
                  "SMART",
                  "SYM" + i + " 261218C00150000",
                  "SYM" + (i % 997),
                  "20261218",
                  new BigDecimal("150.5"),
                  "C",
                  "100")
              : new Contract(
                  conId, "SYM" + i, "STK", "USD", "", "SYM" + i, "SYM" + i, null, null, null, null);
      BigDecimal quantity =
          BigDecimal.valueOf(1 + random.nextInt(10_000)).add(new BigDecimal("0.25"));
      BigDecimal averageCost = BigDecimal.valueOf(random.nextInt(5_000_000), 4);
      book.add(new Position(account, contract, quantity, averageCost));
    }
    return book;
  }

  private List<Position> changeOnePercent(List<Position> book) {
    List<Position> changed = new ArrayList<>(book);
    int every = 100;
    for (int i = 0; i < changed.size(); i += every) {
      Position p = changed.get(i);
      changed.set(
          i,
          new Position(
              p.account(), p.contract(), p.quantity().add(BigDecimal.ONE), p.averageCost()));
    }
    return changed;
  }

  private PositionSnapshot snapshot(List<Position> positions) {
    Set<String> scope = new TreeSet<>(Arrays.asList(ACCOUNTS));
    PositionSnapshot.Collector collector = PositionSnapshot.collect("gw1", scope);
    positions.forEach(collector::add);
    clock = clock.plusSeconds(1);
    return collector.complete(clock);
  }

  private static Map<String, Long> xmins(DataSource dataSource) throws SQLException {
    Map<String, Long> xmins = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("select account, con_id, xmin::text::bigint from positions")) {
      while (rs.next()) {
        xmins.put(rs.getString(1) + "/" + rs.getLong(2), rs.getLong(3));
      }
    }
    return xmins;
  }

  private static long count(DataSource dataSource, String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** As autovacuum would between syncs: sets hint bits and statistics once, outside the timing. */
  private static void vacuumAnalyze(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      statement.execute("vacuum analyze positions");
    }
  }

  private static double millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private static double percentile(double[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("benchmark check failed: " + what);
    }
  }

  private static String report(
      List<SizeResult> results, int iterations, int applyCalls, ServerFacts facts) {
    StringBuilder md = new StringBuilder();
    md.append("# Position repository benchmark\n\n");
    md.append("Run at ")
        .append(Instant.now())
        .append(" on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores (load average at the end: ")
        .append(String.format(Locale.ROOT, "%.1f", loadAverage()))
        .append("), Java ")
        .append(System.getProperty("java.version"))
        .append(".\n\n");
    md.append(facts.markdown()).append("\n");
    md.append(iterations)
        .append(
            " measured iterations after one warm-up; each iteration runs the COPY baseline and"
                + " every measured operation on a fresh database, pool and repository instance,"
                + " so baseline and operations interleave and share the machine's load. A ratio"
                + " is taken per iteration; the table gives its median and the 95 % interval of"
                + " its mean (t distribution). Times: median [min–max].\n\n");
    md.append(
        "| N | COPY baseline ms | first load ms (incl. history) | first load / COPY"
            + " | no-change reconcile ms | no-change / COPY | xmin unchanged | 1% changed ms"
            + " | 1% / COPY | apply p50 ms | apply p99 ms | apply p99, all calls pooled ms"
            + " | staging COPY+INSERT ms | read of N rows (allPositions) ms |\n");
    md.append("|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SizeResult r : results) {
      md.append("| ")
          .append(r.size)
          .append(" | ")
          .append(r.stat(x -> x.copyMillis))
          .append(" | ")
          .append(r.stat(x -> x.firstLoadMillis))
          .append(" | ")
          .append(r.ratio(x -> x.firstLoadMillis))
          .append(" | ")
          .append(r.stat(x -> x.noChangeMillis))
          .append(" | ")
          .append(r.ratio(x -> x.noChangeMillis))
          .append(" | ")
          .append(r.allXminUnchanged() ? "yes" : "NO")
          .append(" | ")
          .append(r.stat(x -> x.onePercentMillis))
          .append(" | ")
          .append(r.ratio(x -> x.onePercentMillis))
          .append(" | ")
          .append(r.stat(x -> x.applyP50))
          .append(" | ")
          .append(r.interval(x -> x.applyP99))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.2f", r.pooledApplyP99()))
          .append(" | ")
          .append(r.stat(x -> x.stagingMillis))
          .append(" | ")
          .append(r.stat(x -> x.mybatisReadMillis))
          .append(" |\n");
    }
    md.append(
        "\nGoals (issue 10, N = 100,000, durable commits): no-change reconcile ≤ 0.35 × COPY"
            + " with every row's xmin unchanged; first load incl. history ≤ 1.5 × COPY; single"
            + " streamed change p99 ≤ 2 ms.\n");
    md.append("apply: ")
        .append(applyCalls)
        .append(
            " single-position `apply` calls per iteration on the loaded book, each its own"
                + " durable transaction (lock, read, update, history, sync run, commit); apply"
                + " p99 is the per-iteration p99 (median, 95 % interval), then the p99 of all"
                + " calls of all iterations together.\n");
    return md.toString();
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static final class Round {
    double copyMillis;
    double stagingMillis;
    double firstLoadMillis;
    double noChangeMillis;
    double onePercentMillis;
    double mybatisReadMillis;
    double applyP50;
    double applyP99;
    double[] applyLatencies;
    boolean xminUnchanged;
  }

  /** Two-sided 97.5 % quantiles of Student's t by degrees of freedom (index), 30+ = 2.04. */
  private static final double[] T_975 = {
    Double.NaN,
    12.71,
    4.30,
    3.18,
    2.78,
    2.57,
    2.45,
    2.36,
    2.31,
    2.26,
    2.23,
    2.20,
    2.18,
    2.16,
    2.14,
    2.13,
    2.12,
    2.11,
    2.10,
    2.09,
    2.09,
    2.08,
    2.07,
    2.07,
    2.06,
    2.06,
    2.06,
    2.05,
    2.05,
    2.05,
    2.04
  };

  private static final class SizeResult {
    final int size;
    final List<Round> rounds = new ArrayList<>();

    SizeResult(int size) {
      this.size = size;
    }

    void add(Round round) {
      rounds.add(round);
    }

    boolean allXminUnchanged() {
      return rounds.stream().allMatch(r -> r.xminUnchanged);
    }

    String stat(java.util.function.ToDoubleFunction<Round> metric) {
      double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
      return String.format(
          Locale.ROOT, "%.1f [%.1f–%.1f]", median(values), values[0], values[values.length - 1]);
    }

    String ratio(java.util.function.ToDoubleFunction<Round> metric) {
      return interval(r -> metric.applyAsDouble(r) / r.copyMillis);
    }

    /** Median of the per-iteration values and the 95 % t interval of their mean. */
    String interval(java.util.function.ToDoubleFunction<Round> metric) {
      double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
      int n = values.length;
      double mean = Arrays.stream(values).average().orElse(Double.NaN);
      double variance = 0;
      for (double v : values) {
        variance += (v - mean) * (v - mean);
      }
      double halfWidth =
          n < 2
              ? Double.NaN
              : T_975[Math.min(n - 1, T_975.length - 1)] * Math.sqrt(variance / (n - 1) / n);
      return String.format(
          Locale.ROOT,
          "%.2f (95 %%: %.2f–%.2f)",
          median(values),
          mean - halfWidth,
          mean + halfWidth);
    }

    double pooledApplyP99() {
      double[] all =
          rounds.stream().flatMapToDouble(r -> Arrays.stream(r.applyLatencies)).sorted().toArray();
      return percentile(all, 0.99);
    }

    String summaryLine() {
      return String.format(
          Locale.ROOT,
          "N=%d copy=%s firstLoad=%s (x%s) noChange=%s (x%s) onePercent=%s apply p50=%s p99=%s",
          size,
          stat(x -> x.copyMillis),
          stat(x -> x.firstLoadMillis),
          ratio(x -> x.firstLoadMillis),
          stat(x -> x.noChangeMillis),
          ratio(x -> x.noChangeMillis),
          stat(x -> x.onePercentMillis),
          stat(x -> x.applyP50),
          stat(x -> x.applyP99));
    }

    private static double median(double[] sorted) {
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }
}
