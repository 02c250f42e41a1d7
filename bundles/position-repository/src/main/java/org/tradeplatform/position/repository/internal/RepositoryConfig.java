package org.tradeplatform.position.repository.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@value PositionRepositoryComponent#PID}. */
@ObjectClassDefinition(
    name = "Position repository",
    description = "PostgreSQL store of positions, their history and the sync runs.")
public @interface RepositoryConfig {

  /** The filter that selects the pax-jdbc DataSource the repository writes to. */
  @AttributeDefinition(
      name = "Data source filter",
      description =
          "LDAP filter selecting the javax.sql.DataSource service of the positions store.")
  String dataSource_target() default PositionRepositoryComponent.DEFAULT_DATA_SOURCE_TARGET;

  /** The filter that selects the DataSource the schema migrations run on. */
  @AttributeDefinition(
      name = "Migration data source filter",
      description =
          "LDAP filter selecting the DataSource that schema migrations run on (for example one"
              + " with DDL rights). Set it together with the data source filter.")
  String migration_dataSource_target() default
      PositionRepositoryComponent.DEFAULT_DATA_SOURCE_TARGET;

  @AttributeDefinition(
      name = "Batch size",
      description = "Rows per batched statement (1 to 100000).",
      min = "1",
      max = "100000")
  int batchSize() default 5_000;

  @AttributeDefinition(
      name = "Sync-run retention (days)",
      description = "Sync-run records older than this are deleted; position history is kept.",
      min = "1")
  int syncRunRetentionDays() default 30;

  @AttributeDefinition(
      name = "Lock timeout (seconds)",
      description = "How long a write waits for another node's lock on an account before it fails.",
      min = "1")
  int lockTimeoutSeconds() default 10;
}
