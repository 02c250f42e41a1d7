package org.tradeplatform.position.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.Result.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatabaseCheckTest {

  private final DatabaseCheck check = new DatabaseCheck();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    check.deactivate();
  }

  @Test
  void aValidConnectionIsOk() {
    check.setDataSource(dataSource(Mode.VALID));
    Result result = check.execute();
    assertThat(result.getStatus()).isEqualTo(Status.OK);
    assertThat(result.toString()).contains("answered in");
  }

  @Test
  void aHangingPoolIsCriticalFromTheCheckItselfAndIsNotProbedTwice() {
    check.setDataSource(dataSource(Mode.HANG));
    Result first = check.execute();
    assertThat(first.getStatus()).isEqualTo(Status.CRITICAL);
    assertThat(first.toString()).contains("did not answer within 1000 ms");
    Result second = check.execute();
    assertThat(second.getStatus()).isEqualTo(Status.CRITICAL);
    assertThat(second.toString()).contains("has not answered a probe started at");
    release.countDown();
  }

  @Test
  void aRefusedConnectionIsCriticalWithTheReason() {
    check.setDataSource(dataSource(Mode.REFUSE));
    Result result = check.execute();
    assertThat(result.getStatus()).isEqualTo(Status.CRITICAL);
    assertThat(result.toString()).contains("Connection refused").contains("pgpass");
  }

  @Test
  void anInvalidConnectionIsCritical() {
    check.setDataSource(dataSource(Mode.INVALID));
    assertThat(check.execute().getStatus()).isEqualTo(Status.CRITICAL);
  }

  @Test
  void noDataSourceIsCritical() {
    Result result = check.execute();
    assertThat(result.getStatus()).isEqualTo(Status.CRITICAL);
    assertThat(result.toString()).contains("no positions DataSource");
  }

  private enum Mode {
    VALID,
    INVALID,
    HANG,
    REFUSE
  }

  private DataSource dataSource(Mode mode) {
    Connection connection =
        (Connection)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "isValid" -> mode == Mode.VALID;
                      case "close" -> null;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        if (mode == Mode.HANG) {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new SQLException("released");
        }
        if (mode == Mode.REFUSE) {
          throw new SQLException("Connection refused");
        }
        return connection;
      }

      @Override
      public Connection getConnection(String user, String password) {
        throw new UnsupportedOperationException();
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() {
        return Logger.getGlobal();
      }

      @Override
      public <T> T unwrap(Class<T> iface) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }
}
