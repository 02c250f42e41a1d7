package org.tradeplatform.positionsync.itests;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.postgresql.ds.PGSimpleDataSource;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.repository.internal.PostgresPositionRepository;
import org.tradeplatform.position.repository.internal.RepositorySettings;
import org.tradeplatform.positionsync.testsupport.TcpProxy;

/**
 * Two real Karaf nodes with identical gateway configuration in lease mode, one PostgreSQL (each
 * node reaches it through a {@link TcpProxy} of its own, so one node can be partitioned) and one
 * gateway simulator outside both. Status is read from PostgreSQL: the lease table, {@code pg_locks}
 * and {@code pg_stat_activity.application_name} (= node id on the lease session).
 *
 * <p>Concurrency: used by the test thread only.
 */
final class TwoNodes implements AutoCloseable {

  static final String BROKER_ID = "gw";
  static final int CLIENT_ID = 7;
  private static final long LEASE_LOCK_NAMESPACE = 0x4C454153L;

  final String database;
  final String url;
  final Map<String, KarafNode> nodes = new TreeMap<>();
  final Map<String, TcpProxy> proxies = new TreeMap<>();

  TwoNodes(String database, int gatewayPort, Path parent, String... nodeIds)
      throws IOException, InterruptedException {
    this.url = TestDatabase.create(database);
    this.database = database;
    Path distribution =
        Path.of(
            System.getProperty("reactor.repo"),
            "org/tradeplatform/positionsync/position-sync-karaf",
            System.getProperty("project.version"),
            "position-sync-karaf-" + System.getProperty("project.version") + ".tar.gz");
    for (String nodeId : nodeIds) {
      TcpProxy proxy = new TcpProxy(0, TestDatabase.port());
      proxies.put(nodeId, proxy);
      nodes.put(
          nodeId,
          KarafNode.unpack(
              distribution, parent, nodeId, configs(nodeId, proxy.port(), gatewayPort)));
    }
  }

  private Map<String, String> configs(String nodeId, int databasePort, int gatewayPort) {
    String jdbc =
        "jdbc:postgresql://127.0.0.1:"
            + databasePort
            + "/"
            + database
            + "?connectTimeout=5&socketTimeout=30&tcpKeepAlive=true";
    return Map.of(
        "org.ops4j.datasource-positions.cfg",
        String.join(
            "\n",
            "osgi.jdbc.driver.name = PostgreSQL JDBC Driver",
            "dataSourceName = positions",
            "url = " + jdbc,
            "user = postgres",
            "pool = hikari",
            "xa = false",
            "hikari.initializationFailTimeout = -1",
            "hikari.maximumPoolSize = 4",
            "hikari.connectionTimeout = 2000",
            ""),
        "org.ops4j.datasource-positions-lease.cfg",
        String.join(
            "\n",
            "# the lease session's own DataSource: no pool",
            "osgi.jdbc.driver.name = PostgreSQL JDBC Driver",
            "dataSourceName = positions-lease",
            "url = " + jdbc,
            "user = postgres",
            ""),
        "org.tradeplatform.cluster.lease.cfg",
        "nodeId = " + nodeId + "\n",
        "org.tradeplatform.broker.ibkr-gw.cfg",
        String.join(
            "\n",
            "broker.id = " + BROKER_ID,
            "host = 127.0.0.1",
            "port = " + gatewayPort,
            "clientId = " + CLIENT_ID,
            "lease = true",
            "reconnectMaxSeconds = 5",
            ""));
  }

  /**
   * Unpacks {@code node-a} and {@code node-b} under {@code target/<directory>} against {@code
   * simulator} and starts both.
   */
  static TwoNodes started(String database, GatewaySimulator simulator, String directory)
      throws IOException, InterruptedException {
    TwoNodes cluster =
        new TwoNodes(database, simulator.port(), Path.of("target", directory), "node-a", "node-b");
    for (KarafNode node : cluster.all()) {
      node.start();
    }
    return cluster;
  }

  /** Closes the cluster and the simulator, whichever exists (an {@code @AfterClass} helper). */
  static void closeAll(Optional<TwoNodes> cluster, Optional<GatewaySimulator> simulator)
      throws Exception {
    if (cluster.isPresent()) {
      cluster.get().close();
    }
    if (simulator.isPresent()) {
      simulator.get().close();
    }
  }

  /** The other node of the pair. */
  static String other(String nodeId) {
    return nodeId.equals("node-a") ? "node-b" : "node-a";
  }

  KarafNode node(String nodeId) {
    return nodes.get(nodeId);
  }

  KarafNode[] all() {
    return nodes.values().toArray(KarafNode[]::new);
  }

  /** The node whose lease session holds the lease lock now, if any. */
  Optional<String> lockHolder() throws SQLException {
    List<String> holders =
        strings(
            "select a.application_name from pg_locks l join pg_stat_activity a using (pid)"
                + " where l.locktype = 'advisory' and l.classid = "
                + LEASE_LOCK_NAMESPACE
                + " and l.granted and l.database = (select oid from pg_database where datname ="
                + " current_database())");
    if (holders.size() > 1) {
      throw new AssertionError("two sessions hold the lease lock: " + holders);
    }
    return holders.stream().findFirst();
  }

  /** Application names of the sessions open on the test database now. */
  List<String> sessions() throws SQLException {
    return strings(
        "select application_name from pg_stat_activity where datname = current_database()"
            + " and pid <> pg_backend_pid()");
  }

  /** The lease table's epoch of the gateway; 0 before anyone took it. */
  long epoch() throws SQLException {
    List<String> epochs =
        strings("select epoch::text from gateway_lease where broker_id = '" + BROKER_ID + "'");
    return epochs.isEmpty() ? 0 : Long.parseLong(epochs.get(0));
  }

  /** The lease table's holder of the gateway. */
  Optional<String> tableHolder() throws SQLException {
    return strings("select holder_node from gateway_lease where broker_id = '" + BROKER_ID + "'")
        .stream()
        .findFirst();
  }

  /** Open rows, formatted as the single-node tests compare them with the simulator's book. */
  Map<String, String> tableRows() throws SQLException {
    Map<String, String> rows = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        PreparedStatement s =
            c.prepareStatement(
                "select account, con_id, quantity, average_cost from positions"
                    + " where closed_at is null and quantity <> 0");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        rows.put(
            rs.getString(1) + "/" + rs.getLong(2),
            SyncStackSupport.row(rs.getBigDecimal(3), rs.getBigDecimal(4)));
      }
    }
    return rows;
  }

  /** The repository as any node builds it, straight on the test database (for fenced writes). */
  PositionRepository repository() {
    PGSimpleDataSource direct = new PGSimpleDataSource();
    direct.setUrl(url);
    direct.setUser("postgres");
    return new PostgresPositionRepository(direct, RepositorySettings.DEFAULTS);
  }

  /** The id of the newest sync run; 0 before any. */
  long lastSyncRunId() throws SQLException {
    return Long.parseLong(strings("select coalesce(max(id), 0)::text from sync_runs").get(0));
  }

  /**
   * When the first successful BIND reconcile after run {@code afterRunId} committed (the new
   * holder's takeover reconcile), by the database clock.
   */
  Optional<java.time.Instant> takeoverCommittedAt(long afterRunId) throws SQLException {
    return strings(
            "select to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                + " from sync_runs where id > "
                + afterRunId
                + " and broker_id = '"
                + BROKER_ID
                + "' and trigger = 'BIND' and status = 'SUCCEEDED' order by id limit 1")
        .stream()
        .findFirst()
        .map(java.time.Instant::parse);
  }

  /** Sync runs refused because they carried a stale lease epoch. */
  long refusedStaleWrites() throws SQLException {
    return Long.parseLong(
        strings(
                "select count(*)::text from sync_runs where status = 'FAILED'"
                    + " and error like '%refused (stale lease)%'")
            .get(0));
  }

  /**
   * Waits until one node holds the lease, every other node's lease session is open, and returns the
   * holder.
   */
  String awaitHolderAndStandbys(java.time.Duration timeout) throws Exception {
    KarafNode.await(
        "every lease session open and one of them holding the lease",
        timeout,
        () -> sessions().containsAll(nodes.keySet()) && lockHolder().isPresent(),
        all());
    return lockHolder().orElseThrow();
  }

  /** Succeeded sync runs of the gateway after run {@code afterRunId}. */
  long succeededSyncsAfter(long afterRunId) throws SQLException {
    return Long.parseLong(
        strings(
                "select count(*)::text from sync_runs where broker_id = '"
                    + BROKER_ID
                    + "' and status = 'SUCCEEDED' and id > "
                    + afterRunId)
            .get(0));
  }

  /** Succeeded sync runs of the gateway so far. */
  long succeededSyncs() throws SQLException {
    return Long.parseLong(
        strings(
                "select count(*)::text from sync_runs where broker_id = '"
                    + BROKER_ID
                    + "' and status = 'SUCCEEDED'")
            .get(0));
  }

  List<String> strings(String sql) throws SQLException {
    List<String> result = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        result.add(rs.getString(1));
      }
    }
    return result;
  }

  @Override
  public void close() throws Exception {
    for (KarafNode node : nodes.values()) {
      node.close();
    }
    for (TcpProxy proxy : proxies.values()) {
      proxy.close();
    }
  }
}
