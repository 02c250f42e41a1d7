package org.tradeplatform.position.sync.internal;

import java.time.Duration;

/**
 * A validated configuration of the sync component: the only form in which configuration reaches the
 * scheduling code, so an invalid value can never be half-applied.
 *
 * @param enabled whether the component syncs at all
 * @param syncOnPositionUpdate whether position listeners are registered
 * @param debounce the throttle window of change-triggered syncs, zero for none
 * @param periodicInterval time between full reconciles of a session
 * @param syncTimeout how long a full reconcile waits for the broker's snapshot
 * @param syncOnBind whether a full reconcile runs when a session is bound
 * @param pnlWriteInterval the shortest time between two PnL writes of a session, zero when PnL is
 *     not written (no PnL listener at all)
 * @param syncThreads threads of the component's executor
 * @param queueTimeout how long a sync may wait for a free thread
 * @param spreadPeriodic whether each session's periodic timer gets its own phase
 */
record SyncSettings(
    boolean enabled,
    boolean syncOnPositionUpdate,
    Duration debounce,
    Duration periodicInterval,
    Duration syncTimeout,
    boolean syncOnBind,
    Duration pnlWriteInterval,
    int syncThreads,
    Duration queueTimeout,
    boolean spreadPeriodic) {

  /** The smallest periodic interval accepted: below it, full reconciles would load the broker. */
  static final int MIN_PERIODIC_SECONDS = 10;

  /** Whether PnL is written at all: a PnL listener is registered only then. */
  boolean writesPnl() {
    return !pnlWriteInterval.isZero();
  }

  /** The defaults of {@link PositionSyncConfig}. */
  static final SyncSettings DEFAULTS =
      new SyncSettings(
          true,
          true,
          Duration.ofSeconds(5),
          Duration.ofSeconds(300),
          Duration.ofSeconds(30),
          true,
          Duration.ofSeconds(5),
          6,
          Duration.ofSeconds(60),
          true);

  /**
   * Validates a configuration.
   *
   * @throws InvalidConfigurationException naming the first invalid property
   */
  static SyncSettings from(PositionSyncConfig config) {
    int debounce = config.debounceSeconds();
    if (debounce < 0) {
      throw new InvalidConfigurationException(
          "debounceSeconds", "must be 0 (no debounce) or more, was " + debounce);
    }
    int period = config.periodicIntervalSeconds();
    if (period < MIN_PERIODIC_SECONDS) {
      throw new InvalidConfigurationException(
          "periodicIntervalSeconds",
          "must be at least " + MIN_PERIODIC_SECONDS + " seconds, was " + period);
    }
    int timeout = config.syncTimeoutSeconds();
    if (timeout < 1) {
      throw new InvalidConfigurationException(
          "syncTimeoutSeconds", "must be at least 1 second, was " + timeout);
    }
    int pnlInterval = config.pnlWriteIntervalSeconds();
    if (pnlInterval < 0) {
      throw new InvalidConfigurationException(
          "pnlWriteIntervalSeconds",
          "must be 0 (PnL not written) or at least 1 second, was " + pnlInterval);
    }
    int threads = config.syncThreads();
    if (threads < 1) {
      throw new InvalidConfigurationException("syncThreads", "must be at least 1, was " + threads);
    }
    int queueTimeout = config.queueTimeoutSeconds();
    if (queueTimeout < 1) {
      throw new InvalidConfigurationException(
          "queueTimeoutSeconds", "must be at least 1 second, was " + queueTimeout);
    }
    return new SyncSettings(
        config.enabled(),
        config.syncOnPositionUpdate(),
        Duration.ofSeconds(debounce),
        Duration.ofSeconds(period),
        Duration.ofSeconds(timeout),
        config.syncOnBind(),
        Duration.ofSeconds(pnlInterval),
        threads,
        Duration.ofSeconds(queueTimeout),
        config.spreadPeriodic());
  }

  @Override
  public String toString() {
    return "enabled="
        + enabled
        + ", syncOnPositionUpdate="
        + syncOnPositionUpdate
        + ", debounceSeconds="
        + debounce.toSeconds()
        + ", periodicIntervalSeconds="
        + periodicInterval.toSeconds()
        + ", syncTimeoutSeconds="
        + syncTimeout.toSeconds()
        + ", syncOnBind="
        + syncOnBind
        + ", pnlWriteIntervalSeconds="
        + pnlWriteInterval.toSeconds()
        + ", syncThreads="
        + syncThreads
        + ", queueTimeoutSeconds="
        + queueTimeout.toSeconds()
        + ", spreadPeriodic="
        + spreadPeriodic;
  }
}
