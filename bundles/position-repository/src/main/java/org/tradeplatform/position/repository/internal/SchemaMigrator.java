package org.tradeplatform.position.repository.internal;

import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Brings the positions schema to the latest version with Flyway, from the SQL scripts in this
 * bundle's {@value #LOCATION}. Safe to run concurrently from several nodes (Flyway serialises them
 * with a PostgreSQL advisory lock) and safe to run again (applied versions are skipped).
 */
public final class SchemaMigrator {

  /** Folder of the versioned scripts inside the bundle. */
  public static final String LOCATION = "db/migration";

  /** Flyway's bookkeeping table. */
  public static final String HISTORY_TABLE = "flyway_schema_history";

  private final DataSource dataSource;

  public SchemaMigrator(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Applies every pending migration; returns the schema version now current. */
  public String migrate() {
    return migrateTo(null);
  }

  /**
   * Applies pending migrations up to {@code targetVersion} ({@code null}: the latest); returns the
   * schema version now current.
   */
  public String migrateTo(String targetVersion) {
    FluentConfiguration configuration =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:" + LOCATION)
            .table(HISTORY_TABLE)
            .validateMigrationNaming(true)
            // an applied script that changed is an error to look at, never repaired silently
            .validateOnMigrate(true)
            // Flyway's log goes where ours goes (pax-logging in Karaf), never to the console
            .loggers("slf4j");
    // Inside OSGi the scripts are listed through the bundle itself; outside (tests, benchmark)
    // Flyway's classpath scanning finds them.
    Bundle bundle = FrameworkUtil.getBundle(SchemaMigrator.class);
    if (bundle != null) {
      configuration.resourceProvider(new BundleMigrationResources(bundle, LOCATION));
    }
    if (targetVersion != null) {
      configuration.target(targetVersion);
    }
    Flyway flyway = configuration.load();
    flyway.migrate();
    MigrationInfo current = flyway.info().current();
    return current == null ? "0" : current.getVersion().getVersion();
  }
}
