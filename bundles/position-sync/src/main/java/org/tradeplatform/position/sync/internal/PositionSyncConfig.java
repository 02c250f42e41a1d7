package org.tradeplatform.position.sync.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the sync component (PID {@value #PID}). */
@ObjectClassDefinition(
    id = PositionSyncConfig.PID,
    name = "Position sync",
    description =
        "Keeps the position table equal to what every bound broker session reports. Changes apply"
            + " live; an invalid value is refused and the previous configuration stays.")
public @interface PositionSyncConfig {

  /** The configuration PID, also the component's name. */
  String PID = "org.tradeplatform.position.sync";

  @AttributeDefinition(
      name = "Enabled",
      description = "When false, no listener is registered and nothing is synced.")
  boolean enabled() default true;

  @AttributeDefinition(
      name = "Sync on position update",
      description =
          "Listen to the broker's position changes and write them within the debounce window."
              + " When false, only bind, periodic and manual syncs run.")
  boolean syncOnPositionUpdate() default true;

  @AttributeDefinition(
      name = "Debounce (seconds)",
      description =
          "At most one change-triggered sync per session in this window; changes inside it are"
              + " written together at its end. 0 = no debounce.",
      min = "0")
  int debounceSeconds() default 5;

  @AttributeDefinition(
      name = "Periodic interval (seconds)",
      description = "A full reconcile of every session at this interval (at least 10).",
      min = "10")
  int periodicIntervalSeconds() default 300;

  @AttributeDefinition(
      name = "Sync timeout (seconds)",
      description = "How long a full reconcile waits for the broker's complete positions answer.",
      min = "1")
  int syncTimeoutSeconds() default 30;

  @AttributeDefinition(
      name = "Sync on bind",
      description = "Run a full reconcile as soon as a broker session is bound.")
  boolean syncOnBind() default true;

  @AttributeDefinition(
      name = "PnL write interval (seconds)",
      description =
          "Market value and PnL of each session are written at most once in this interval (latest"
              + " values win). 0 = PnL is not written.",
      min = "0")
  int pnlWriteIntervalSeconds() default 5;

  @AttributeDefinition(
      name = "Sync threads",
      description =
          "Threads that run the syncs and PnL writes of every session (a wait for the broker holds"
              + " none). Keep it below the DataSource's pool size, so reads (shell, pages) find a connection. Changed live.",
      min = "1")
  int syncThreads() default 6;

  @AttributeDefinition(
      name = "Queue timeout (seconds)",
      description =
          "How long a sync may wait for a free sync thread before it fails (and is retried with"
              + " backoff); apart from the broker's answer, which syncTimeoutSeconds bounds.",
      min = "1")
  int queueTimeoutSeconds() default 60;

  @AttributeDefinition(
      name = "Spread periodic reconciles",
      description =
          "Start each session's periodic timer at a phase derived from its broker.id (up to half"
              + " the interval earlier), so that gateways bound together do not all reconcile in"
              + " the same seconds.")
  boolean spreadPeriodic() default true;
}
