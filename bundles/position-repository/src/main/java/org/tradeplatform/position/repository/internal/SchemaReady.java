package org.tradeplatform.position.repository.internal;

/**
 * Marker service: the positions schema is migrated to the version this bundle needs. Registered by
 * {@link SchemaMigrationComponent} once migrations have finished; the repository requires it, so
 * nothing touches a table that does not exist yet.
 *
 * <p>Service properties: {@value #SCHEMA_VERSION} and {@value #DATA_SOURCE_TARGET}.
 *
 * @param schemaVersion the schema version after migrating, for example {@code 6}
 */
public record SchemaReady(String schemaVersion) {

  /** Service property: the schema version. */
  public static final String SCHEMA_VERSION = "schema.version";

  /** Service property: the filter of the DataSource that was migrated. */
  public static final String DATA_SOURCE_TARGET = "migration.dataSource.target";
}
