package org.tradeplatform.position.sync.internal;

import java.util.List;

/**
 * The health of position sync.
 *
 * @param status the worst finding
 * @param messages one line per finding; empty when everything is fine
 */
public record HealthReport(HealthStatus status, List<String> messages) {

  public HealthReport {
    messages = List.copyOf(messages);
  }
}
