package org.tradeplatform.position.repository.internal;

import javax.sql.DataSource;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.tradeplatform.positionsync.testsupport.TestPostgres;

/**
 * Databases holding the latest schema for the repository's tests: copies of one database migrated
 * once per JVM, behind a connection pool as in Karaf (pax-jdbc's HikariCP there, MyBatis' pool
 * here): opening a PostgreSQL connection costs a backend process, and some tests make hundreds of
 * calls. Thread-safe: the template is migrated once, under the class lock.
 */
final class MigratedDatabases {

  /** Migrated once per JVM, then only copied (CREATE DATABASE … TEMPLATE). */
  private static final String MIGRATED_TEMPLATE = "migrated_template";

  private static boolean templateMigrated;

  private MigratedDatabases() {}

  /**
   * Creates a database named after {@code owner} holding the latest schema and no rows, and returns
   * a pool of connections to it; {@link #close(DataSource)} closes them.
   */
  static DataSource migratedDatabase(Class<?> owner) {
    migrateTemplate();
    String name = TestPostgres.createDatabase(owner, " template " + MIGRATED_TEMPLATE);
    PooledDataSource pool =
        new PooledDataSource(
            "org.postgresql.Driver",
            TestPostgres.server().getJdbcUrl("postgres", name),
            "postgres",
            "");
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
      TestPostgres.execute("create database " + MIGRATED_TEMPLATE);
      // on connections of its own, all closed when it returns: a template must have no sessions
      new SchemaMigrator(TestPostgres.server().getDatabase("postgres", MIGRATED_TEMPLATE))
          .migrate();
      templateMigrated = true;
    }
  }
}
