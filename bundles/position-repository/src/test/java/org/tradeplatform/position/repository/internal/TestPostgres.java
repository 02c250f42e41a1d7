package org.tradeplatform.position.repository.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.ibatis.datasource.pooled.PooledDataSource;

/**
 * One embedded PostgreSQL for the whole test JVM, stopped by a shutdown hook; every test class gets
 * a database of its own on it, so migrations and data never collide. Classes that test the
 * repository (not the migrations) get a copy of one database migrated once per JVM, behind a
 * connection pool as in Karaf (pax-jdbc's HikariCP there, MyBatis' pool here): opening a PostgreSQL
 * connection costs a backend process, and some tests make hundreds of calls. Thread-safe: the
 * server and the template are made once, under the class lock.
 */
final class TestPostgres {

  /** Migrated once per JVM, then only copied (CREATE DATABASE … TEMPLATE). */
  private static final String MIGRATED_TEMPLATE = "migrated_template";

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;
  private static boolean templateMigrated;

  private TestPostgres() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // zonky defaults to synchronous_commit=off: tests run with durable commits, as production
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
   * new connection on every call (what the migration tests hand to Flyway).
   */
  static DataSource newDatabase(Class<?> owner) {
    return server().getDatabase("postgres", create(owner, ""));
  }

  /**
   * Creates a database named after {@code owner} holding the latest schema and no rows, and returns
   * a pool of connections to it; {@link #close(DataSource)} closes them.
   */
  static DataSource migratedDatabase(Class<?> owner) {
    migrateTemplate();
    String name = create(owner, " template " + MIGRATED_TEMPLATE);
    PooledDataSource pool =
        new PooledDataSource(
            "org.postgresql.Driver", server().getJdbcUrl("postgres", name), "postgres", "");
    pool.setPoolMaximumIdleConnections(3);
    return pool;
  }

  /** Closes the pooled connections of a {@link #migratedDatabase}. */
  static void close(DataSource dataSource) {
    if (dataSource instanceof PooledDataSource pool) {
      pool.forceCloseAll();
    }
  }

  private static synchronized void migrateTemplate() {
    if (!templateMigrated) {
      execute("create database " + MIGRATED_TEMPLATE);
      // on connections of its own, all closed when it returns: a template must have no sessions
      new SchemaMigrator(server().getDatabase("postgres", MIGRATED_TEMPLATE)).migrate();
      templateMigrated = true;
    }
  }

  private static String create(Class<?> owner, String clause) {
    String name =
        owner.getSimpleName().toLowerCase(Locale.ROOT) + "_" + DATABASES.incrementAndGet();
    execute("create database " + name + clause);
    return name;
  }

  private static void execute(String sql) {
    try (Connection connection = server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot " + sql, e);
    }
  }
}
