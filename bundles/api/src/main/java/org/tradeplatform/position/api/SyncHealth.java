package org.tradeplatform.position.api;

import java.util.List;
import java.util.Objects;

/**
 * The sync component's evaluation of its own health: the one evaluation that {@code
 * position:status}, the sync-freshness health check and every other surface show, so they cannot
 * disagree (since 2.0).
 *
 * @param findings one line per finding: a refused configuration, a disabled component, no bound
 *     session, and one line per bound session (OK lines included)
 */
public record SyncHealth(List<Finding> findings) {

  /** Severity, in increasing order. */
  public enum Status {
    OK,
    WARN,
    CRITICAL
  }

  /**
   * One finding.
   *
   * @param status its severity
   * @param message what is wrong, since when and what to do (or what is fine); never an account
   */
  public record Finding(Status status, String message) {
    public Finding {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(message, "message");
    }
  }

  public SyncHealth {
    findings = List.copyOf(findings);
  }

  /** The worst finding's status; OK when there is none. */
  public Status status() {
    Status worst = Status.OK;
    for (Finding f : findings) {
      if (f.status().compareTo(worst) > 0) {
        worst = f.status();
      }
    }
    return worst;
  }
}
