package org.tradeplatform.position.operations.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The sync component's configuration as the checks and metrics need it, read from Config Admin (the
 * published configuration contract), so that the operations bundle imports no implementation
 * package. Values the sync component would refuse fall back to its defaults here too.
 *
 * @param enabled {@code enabled}
 * @param periodicInterval {@code periodicIntervalSeconds}
 * @param debounce {@code debounceSeconds}
 */
record SyncConfigurationView(boolean enabled, Duration periodicInterval, Duration debounce) {

  /** The sync component's configuration PID. */
  static final String SYNC_PID = "org.tradeplatform.position.sync";

  /** The sync component's defaults. */
  static final SyncConfigurationView DEFAULTS =
      new SyncConfigurationView(true, Duration.ofSeconds(300), Duration.ofSeconds(5));

  /** The current configuration, or the defaults when there is none (never creates one). */
  static SyncConfigurationView read(ConfigurationAdmin configAdmin) {
    try {
      Configuration[] found = configAdmin.listConfigurations("(service.pid=" + SYNC_PID + ")");
      if (found == null || found.length == 0 || found[0].getProperties() == null) {
        return DEFAULTS;
      }
      return from(found[0].getProperties());
    } catch (IOException | InvalidSyntaxException e) {
      return DEFAULTS;
    }
  }

  static SyncConfigurationView from(Dictionary<String, ?> properties) {
    boolean enabled = !"false".equalsIgnoreCase(String.valueOf(properties.get("enabled")).trim());
    long periodic = seconds(properties.get("periodicIntervalSeconds"), 300, 10);
    long debounce = seconds(properties.get("debounceSeconds"), 5, 0);
    return new SyncConfigurationView(
        enabled, Duration.ofSeconds(periodic), Duration.ofSeconds(debounce));
  }

  private static long seconds(Object value, long fallback, long minimum) {
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(String.valueOf(value).trim());
      return parsed < minimum ? fallback : parsed;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
