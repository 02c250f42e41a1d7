package org.tradeplatform.position.sync.internal;

/** Severity of a health report, in increasing order. */
public enum HealthStatus {
  OK,
  WARN,
  CRITICAL
}
