package org.tradeplatform.position.operations.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The one value of the sync component's configuration the metrics need (the debounce window sizes
 * the latency buckets), read from Config Admin (the published configuration contract), so that the
 * operations bundle imports no implementation package. A value the sync component would refuse
 * falls back to its default here too. Health needs none of it: the sync component evaluates its own
 * health ({@code PositionSyncStatus.health()}).
 *
 * @param debounce {@code debounceSeconds}
 */
record SyncConfigurationView(Duration debounce) {

  /** The sync component's configuration PID. */
  static final String SYNC_PID = "org.tradeplatform.position.sync";

  /** The sync component's default. */
  static final SyncConfigurationView DEFAULTS = new SyncConfigurationView(Duration.ofSeconds(5));

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
    Object value = properties.get("debounceSeconds");
    if (value == null) {
      return DEFAULTS;
    }
    try {
      long seconds = Long.parseLong(String.valueOf(value).trim());
      return seconds < 0 ? DEFAULTS : new SyncConfigurationView(Duration.ofSeconds(seconds));
    } catch (NumberFormatException e) {
      return DEFAULTS;
    }
  }
}
