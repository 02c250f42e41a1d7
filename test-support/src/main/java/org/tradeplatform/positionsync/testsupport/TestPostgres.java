package org.tradeplatform.positionsync.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL for the whole test JVM, stopped by a shutdown hook; every test class gets
 * a database of its own on it, so migrations and data never collide. Thread-safe: the server is
 * started once, under the class lock.
 */
public final class TestPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  public static synchronized EmbeddedPostgres server() {
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
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // the JVM is exiting; the data directory is temporary anyway
                    }
                  }));
    }
    return server;
  }

  /**
   * Creates an empty database named after {@code owner} and returns a DataSource of it that opens a
   * new connection on every call.
   */
  public static DataSource newDatabase(Class<?> owner) {
    return server().getDatabase("postgres", createDatabase(owner, ""));
  }

  /**
   * Creates a database named after {@code owner}, with {@code clause} appended to its {@code create
   * database} statement (e.g. {@code " template t"}), and returns its name.
   */
  public static String createDatabase(Class<?> owner, String clause) {
    String name =
        owner.getSimpleName().toLowerCase(Locale.ROOT) + "_" + DATABASES.incrementAndGet();
    execute("create database " + name + clause);
    return name;
  }

  /** Runs one statement on the server's {@code postgres} database. */
  public static void execute(String sql) {
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot " + sql, e);
    }
  }
}
