package org.tradeplatform.cluster.lease.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.tradeplatform.cluster.api.LeaseState;
import org.tradeplatform.position.repository.internal.SchemaMigrator;
import org.tradeplatform.positionsync.testsupport.TcpProxy;
import org.tradeplatform.positionsync.testsupport.TestPostgres;

/**
 * Two or three "nodes" (claims with their own node ids and sessions) compete for one gateway's
 * lease on a real PostgreSQL; faults are real: a terminated backend, a partition through a TCP
 * proxy that stops forwarding, a stalled worker.
 */
class PostgresGatewayLeaseTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
  private final List<AutoCloseable> open = new ArrayList<>();
  private DataSource database;

  @BeforeEach
  void migrate() {
    database = TestPostgres.newDatabase(PostgresGatewayLeaseTest.class);
    new SchemaMigrator(database).migrate(); // the repository's migrations own the lease table
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    watchdog.shutdownNow();
  }

  /** Test timing: valid 3 s after a renewal, the server releases 4 s after the last one. */
  private static LeaseSettings settings(String nodeId) {
    return new LeaseSettings(
        nodeId,
        Duration.ofMillis(4_000),
        Duration.ofMillis(300),
        Duration.ofMillis(1_000),
        Duration.ofMillis(1_000),
        Duration.ofMillis(200));
  }

  private PostgresGatewayLease claim(String nodeId, DataSource via, RecordingListener listener) {
    PostgresGatewayLease lease =
        new PostgresGatewayLease(
            "gw",
            settings(nodeId),
            via,
            listener,
            watchdog,
            System::nanoTime,
            Clock.systemUTC(),
            () -> {});
    open.add(lease);
    lease.start();
    return lease;
  }

  @Test
  void exactlyOneNodeHoldsTheLeaseAndTheOtherShowsItAsHolder() throws Exception {
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    PostgresGatewayLease leaseA = holder("node-a", database, a);
    PostgresGatewayLease leaseB = standby("node-b", b);

    assertThat(leaseA.token().orElseThrow().epoch()).isEqualTo(1);
    assertThat(leaseB.status().state()).isEqualTo(LeaseState.STANDBY);
    assertThat(leaseB.status().holder()).contains("node-a");
    assertThat(leaseB.token()).isEmpty();
    assertThat(b.acquisitions()).isZero();
    // both sessions are visible by node id; only node-a's holds the lock
    assertThat(applicationNames()).contains("node-a", "node-b");
    assertThat(lockHolders()).containsExactly("node-a");
    assertThat(scalar("select holder_node || ':' || epoch from gateway_lease"))
        .isEqualTo("node-a:1");
  }

  @Test
  void closingReleasesExplicitlyAndTheStandbyTakesOverWithTheNextEpoch() throws Exception {
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    PostgresGatewayLease leaseA = holder("node-a", database, a);
    PostgresGatewayLease leaseB = standby("node-b", b);

    leaseA.close();

    await().atMost(WAIT).until(() -> b.acquisitions() == 1);
    assertThat(a.losses()).isEqualTo(1);
    assertThat(a.first(false).reason()).isEqualTo("the claim was closed");
    assertThat(leaseB.token().orElseThrow().epoch()).isEqualTo(2);
    assertThat(leaseA.status().state()).isEqualTo(LeaseState.CLOSED);
    assertThat(applicationNames()).doesNotContain("node-a");
  }

  @Test
  void releaseGivesTheLeaseToTheStandbyAndCompetesAgainLater() throws Exception {
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    PostgresGatewayLease leaseA = holder("node-a", database, a);
    PostgresGatewayLease leaseB = standby("node-b", b);

    leaseA.release();

    await().atMost(WAIT).until(() -> b.acquisitions() == 1);
    await()
        .atMost(WAIT)
        .until(() -> leaseA.status().holder().equals(java.util.Optional.of("node-b")));
    assertThat(leaseA.status().state()).isEqualTo(LeaseState.STANDBY);
    assertThat(a.acquisitions()).isEqualTo(1);
    assertThat(leaseB.token().orElseThrow().epoch()).isEqualTo(2);
  }

  @Test
  void aTerminatedHolderSessionLosesTheLeaseAndTheStandbyTakesIt() throws Exception {
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    PostgresGatewayLease leaseA = holder("node-a", database, a);
    PostgresGatewayLease leaseB = standby("node-b", b);

    execute(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'node-a'");

    await().atMost(WAIT).until(() -> b.acquisitions() == 1 && a.losses() == 1);
    assertThat(a.first(false).reason()).startsWith("database session lost");
    assertThat(leaseB.token().orElseThrow().epoch()).isEqualTo(2);
    // node-a comes back on a new session and waits
    await().atMost(WAIT).until(() -> leaseA.status().state() == LeaseState.STANDBY);
    assertThat(leaseA.status().holder()).contains("node-b");
    assertThat(a.acquisitions()).isEqualTo(1);
  }

  @Test
  void aPartitionedHolderFencesItselfBeforeTheServerGivesTheLeaseAway() throws Exception {
    TcpProxy proxy = new TcpProxy(0, TestPostgres.server().getPort());
    open.add(proxy);
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    PostgresGatewayLease leaseA = holder("node-a", through(proxy), a);
    PostgresGatewayLease leaseB = standby("node-b", b);

    proxy.freeze(); // sockets stay open: node-a hears nothing, the server sees an idle session

    await().atMost(WAIT).until(() -> b.acquisitions() == 1);
    assertThat(a.losses()).isEqualTo(1);
    assertThat(a.first(false).atNanos()).isLessThan(b.first(true).atNanos());
    assertThat(leaseA.token()).isEmpty();
    assertThat(leaseB.token().orElseThrow().epoch()).isEqualTo(2);
    assertThat(lockHolders()).containsExactly("node-b");

    proxy.restore();
    await()
        .atMost(WAIT)
        .until(() -> leaseA.status().holder().equals(java.util.Optional.of("node-b")));
    assertThat(leaseA.status().state()).isEqualTo(LeaseState.STANDBY);
    assertThat(a.acquisitions()).isEqualTo(1);
  }

  @Test
  void aStalledHolderIsFencedByItsWatchdogBeforeTheServerReleasesIt() throws Exception {
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    PostgresGatewayLease leaseA = holder("node-a", database, a);
    PostgresGatewayLease leaseB = standby("node-b", b);

    // a pause of the renewing thread longer than the server's idle timeout (think GC or swap)
    leaseA.onWorker(() -> sleep(Duration.ofMillis(6_000)));

    await().atMost(WAIT).until(() -> b.acquisitions() == 1);
    assertThat(a.losses()).isEqualTo(1);
    assertThat(a.first(false).reason()).contains("local deadline passed");
    assertThat(a.first(false).atNanos()).isLessThan(b.first(true).atNanos());
    assertThat(leaseB.token().orElseThrow().epoch()).isEqualTo(2);
  }

  @Test
  void withoutTheDatabaseOrItsLeaseTableTheClaimIsUnreachableAndNeverHeld() throws Exception {
    RecordingListener down = new RecordingListener();
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setServerNames(new String[] {"127.0.0.1"});
    nowhere.setPortNumbers(new int[] {1}); // nothing listens on port 1
    nowhere.setConnectTimeout(1);
    PostgresGatewayLease unreachable = claim("node-a", nowhere, down);

    RecordingListener unmigrated = new RecordingListener();
    PostgresGatewayLease noTable =
        claim("node-b", TestPostgres.newDatabase(PostgresGatewayLeaseTest.class), unmigrated);

    await().atMost(WAIT).until(() -> unreachable.status().lastError().isPresent());
    await().atMost(WAIT).until(() -> noTable.status().lastError().isPresent());
    assertThat(unreachable.status().state()).isEqualTo(LeaseState.UNREACHABLE);
    assertThat(noTable.status().state()).isEqualTo(LeaseState.UNREACHABLE);
    assertThat(noTable.status().lastError().orElseThrow()).contains("gateway_lease");
    assertThat(down.events).isEmpty();
    assertThat(unmigrated.events).isEmpty();
  }

  /** A claim that has taken the lease. */
  private PostgresGatewayLease holder(String nodeId, DataSource via, RecordingListener listener) {
    PostgresGatewayLease lease = claim(nodeId, via, listener);
    await().atMost(WAIT).until(() -> lease.status().state() == LeaseState.HELD);
    return lease;
  }

  /** A claim that has seen another node holding the lease. */
  private PostgresGatewayLease standby(String nodeId, RecordingListener listener) {
    PostgresGatewayLease lease = claim(nodeId, database, listener);
    await().atMost(WAIT).until(() -> lease.status().holder().isPresent());
    return lease;
  }

  private DataSource through(TcpProxy proxy) {
    PGSimpleDataSource direct = (PGSimpleDataSource) database;
    PGSimpleDataSource via = new PGSimpleDataSource();
    via.setServerNames(new String[] {"127.0.0.1"});
    via.setPortNumbers(new int[] {proxy.port()});
    via.setDatabaseName(direct.getDatabaseName());
    via.setUser(direct.getUser());
    return via;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<String> applicationNames() throws SQLException {
    return strings(
        "select application_name from pg_stat_activity where datname = current_database()");
  }

  private List<String> lockHolders() throws SQLException {
    return strings(
        "select a.application_name from pg_locks l join pg_stat_activity a using (pid)"
            + " where l.locktype = 'advisory' and l.classid = "
            + Integer.toUnsignedLong(LeaseSession.LOCK_NAMESPACE)
            + " and l.granted");
  }

  private List<String> strings(String sql) throws SQLException {
    List<String> result = new ArrayList<>();
    try (Connection c = database.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        result.add(rs.getString(1));
      }
    }
    return result;
  }

  private String scalar(String sql) throws SQLException {
    return strings(sql).get(0);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = database.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.execute();
    }
  }
}
