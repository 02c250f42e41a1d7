package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.positionsync.testsupport.TestPostgres;

/** Counts the round trips a write costs, on the wire (a counting proxy in front of PostgreSQL). */
class RoundTripTest extends RepositoryTestSupport {

  private RoundTripCounter counter;
  private Connection connection;
  private PostgresPositionRepository counted;

  @BeforeEach
  void throughTheCounter() throws Exception {
    counter = new RoundTripCounter(TestPostgres.server().getPort());
    PGSimpleDataSource direct = new PGSimpleDataSource();
    direct.setServerNames(new String[] {"127.0.0.1"});
    direct.setPortNumbers(new int[] {counter.port()});
    direct.setDatabaseName(currentDatabase());
    direct.setUser("postgres");
    connection = direct.getConnection();
    counted = new PostgresPositionRepository(reusing(connection), SETTINGS);
    repository.applySnapshot(
        snapshot(Set.of("DU1"), position("DU1", 1, "10"), position("DU1", 2, "20")),
        SyncTrigger.BIND);
    // the driver's first use of a connection may look things up; count from the second call
    counted.apply("gw1", List.of(position("DU1", 1, "11")), SyncTrigger.CALLBACK);
  }

  @AfterEach
  void close() throws Exception {
    connection.close();
    counter.close();
  }

  @Test
  void aStreamedChangeCostsThreeRoundTrips() {
    long before = counter.roundTrips();
    SyncResult result =
        counted.apply("gw1", List.of(position("DU1", 2, "21")), SyncTrigger.CALLBACK);

    assertThat(result.updated()).isEqualTo(1);
    // locks and read; writes, history and run record; commit
    assertThat(counter.roundTrips() - before).isEqualTo(3);
  }

  @Test
  void severalChangesOfEveryKindCostTheSame() {
    long before = counter.roundTrips();
    SyncResult result =
        counted.apply(
            "gw1",
            List.of(position("DU1", 1, "12"), position("DU1", 2, "0"), position("DU2", 3, "5")),
            SyncTrigger.CALLBACK);

    assertThat(result.updated()).isEqualTo(1);
    assertThat(result.closed()).isEqualTo(1);
    assertThat(result.inserted()).isEqualTo(1);
    assertThat(counter.roundTrips() - before).isEqualTo(3);
  }

  @Test
  void aSmallSnapshotCostsFourRoundTrips() {
    long before = counter.roundTrips();
    SyncResult result =
        counted.applySnapshot(
            snapshot(Set.of("DU1"), position("DU1", 1, "13"), position("DU1", 4, "1")),
            SyncTrigger.PERIODIC);

    assertThat(result.changed()).isEqualTo(3);
    // locks, stale check and run id; read; writes, confirmation and run record; commit
    assertThat(counter.roundTrips() - before).isEqualTo(4);
  }

  private static String currentDatabase() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** A DataSource that hands out the one connection and never closes it. */
  private static DataSource reusing(Connection connection) {
    Connection unclosable =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("close")) {
                    return null;
                  }
                  try {
                    return method.invoke(connection, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                return unclosable;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
