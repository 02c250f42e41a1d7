package org.tradeplatform.cluster.lease.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The dedicated database session of one lease: it holds the session advisory lock, so it comes from
 * a non-pooled DataSource and lives exactly as long as this object.
 *
 * <p>The lock's key is {@code (}{@value #LOCK_NAMESPACE}{@code , gateway_lease.id)}, in a namespace
 * of its own (the repository's account locks use {@code 0x504F5331}). The session sets {@code
 * idle_session_timeout}, TCP keepalives and {@code tcp_user_timeout}, so the server ends it and
 * releases the lock a bounded time after the holder goes silent, and every round trip is bounded by
 * {@code setNetworkTimeout}.
 *
 * <p>Concurrency: used by one thread (the claim's worker); only {@link #abort()} may be called from
 * another thread.
 */
final class LeaseSession implements AutoCloseable {

  /** First key of every lease lock: "LEAS". */
  static final int LOCK_NAMESPACE = 0x4C454153;

  /** {@code idle_session_timeout} exists from PostgreSQL 14 on. */
  static final int MIN_SERVER_VERSION = 14;

  /** The lease row as last read. */
  record LeaseRow(long epoch, Optional<String> holder, Optional<Instant> acquiredAt) {}

  private static final Executor DIRECT = Runnable::run;

  private final Connection connection;
  private final int rowId;

  private LeaseSession(Connection connection, int rowId) {
    this.connection = connection;
    this.rowId = rowId;
  }

  /**
   * Opens the session for {@code brokerId}, configures it and finds (or creates) the lease row.
   *
   * @throws SQLException if the database cannot be reached, is older than PostgreSQL 14, or has no
   *     lease table yet (the schema is not migrated)
   */
  static LeaseSession open(DataSource dataSource, String brokerId, LeaseSettings settings)
      throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      connection.setAutoCommit(true);
      connection.setNetworkTimeout(DIRECT, Math.toIntExact(settings.renewTimeout().toMillis()));
      int major = connection.getMetaData().getDatabaseMajorVersion();
      if (major < MIN_SERVER_VERSION) {
        throw new SQLException(
            "leases need PostgreSQL "
                + MIN_SERVER_VERSION
                + " or newer (idle_session_timeout); the server is "
                + major);
      }
      configure(connection, settings);
      return new LeaseSession(connection, rowId(connection, brokerId));
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static void configure(Connection connection, LeaseSettings settings) throws SQLException {
    long keepaliveIdleSeconds = Math.max(1, settings.renewInterval().toSeconds());
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select set_config('application_name', ?, false),"
                + " set_config('idle_session_timeout', ?, false),"
                + " set_config('tcp_keepalives_idle', ?, false),"
                + " set_config('tcp_keepalives_interval', '1', false),"
                + " set_config('tcp_keepalives_count', '3', false),"
                + " set_config('tcp_user_timeout', ?, false)")) {
      statement.setString(1, settings.nodeId());
      statement.setString(2, String.valueOf(settings.idleSessionTimeout().toMillis()));
      statement.setString(3, String.valueOf(keepaliveIdleSeconds));
      statement.setString(4, String.valueOf(settings.idleSessionTimeout().toMillis()));
      statement.executeQuery().close();
    }
  }

  private static int rowId(Connection connection, String brokerId) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into gateway_lease (broker_id) values (?) on conflict (broker_id) do nothing")) {
      insert.setString(1, brokerId);
      insert.executeUpdate();
    }
    try (PreparedStatement select =
        connection.prepareStatement("select id from gateway_lease where broker_id = ?")) {
      select.setString(1, brokerId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("lease row of " + brokerId + " vanished after it was created");
        }
        return rs.getInt(1);
      }
    }
  }

  /** Tries the lock without waiting; true if this session now holds it. */
  boolean tryLock() throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
      statement.setInt(1, LOCK_NAMESPACE);
      statement.setInt(2, rowId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Records this node as holder and returns the new epoch; call only while holding the lock. */
  long take(String nodeId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "update gateway_lease set epoch = epoch + 1, holder_node = ?, acquired_at = now()"
                + " where id = ? returning epoch")) {
      statement.setString(1, nodeId);
      statement.setInt(2, rowId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The lease row: epoch, last holder and when it took the lease. */
  LeaseRow read() throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select epoch, holder_node, acquired_at from gateway_lease where id = ?")) {
      statement.setInt(1, rowId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        Timestamp acquired = rs.getTimestamp(3);
        return new LeaseRow(
            rs.getLong(1),
            Optional.ofNullable(rs.getString(2)),
            Optional.ofNullable(acquired).map(Timestamp::toInstant));
      }
    }
  }

  /**
   * The renewal: one bounded round trip that also resets the server's idle timer, and checks that
   * this session still holds the lock.
   */
  boolean stillHeld() throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select exists (select 1 from pg_locks where locktype = 'advisory'"
                + " and pid = pg_backend_pid() and classid = ?::oid and objid = ?::oid and objsubid = 2"
                + " and granted)")) {
      statement.setLong(1, Integer.toUnsignedLong(LOCK_NAMESPACE));
      statement.setLong(2, Integer.toUnsignedLong(rowId));
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Releases the lock explicitly; the session stays open. */
  void unlock() throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("select pg_advisory_unlock(?, ?)")) {
      statement.setInt(1, LOCK_NAMESPACE);
      statement.setInt(2, rowId);
      statement.executeQuery().close();
    }
  }

  /** Drops the socket at once, from any thread; a call in progress fails. */
  void abort() {
    try {
      connection.abort(DIRECT);
    } catch (SQLException | RuntimeException e) {
      // already closed: nothing left to drop
    }
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // the session is gone either way; the server releases what it held
    }
  }
}
