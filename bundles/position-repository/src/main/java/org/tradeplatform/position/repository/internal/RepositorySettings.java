package org.tradeplatform.position.repository.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the repository, validated: an invalid value is refused with a message that names the
 * configuration property.
 *
 * @param batchSize rows per batched statement
 * @param syncRunRetentionDays sync runs older than this are purged
 * @param lockTimeout how long a write waits for another writer's account lock before failing
 */
public record RepositorySettings(int batchSize, int syncRunRetentionDays, Duration lockTimeout) {

  /** Largest batch: bounds the size of one statement's parameter arrays. */
  public static final int MAX_BATCH_SIZE = 100_000;

  public static final RepositorySettings DEFAULTS =
      new RepositorySettings(5_000, 30, Duration.ofSeconds(10));

  public RepositorySettings {
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "batchSize must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
    }
    if (syncRunRetentionDays < 1) {
      throw new IllegalArgumentException(
          "syncRunRetentionDays must be at least 1, was " + syncRunRetentionDays);
    }
    // zero would mean "wait forever" in PostgreSQL: a stuck node would stall every other writer
    if (lockTimeout.toMillis() < 1) {
      throw new IllegalArgumentException(
          "lockTimeoutSeconds must be positive, was " + lockTimeout.toSeconds());
    }
  }

  /** Builds settings from the component configuration. */
  static RepositorySettings from(RepositoryConfig config) {
    return new RepositorySettings(
        config.batchSize(),
        config.syncRunRetentionDays(),
        Duration.ofSeconds(config.lockTimeoutSeconds()));
  }
}
