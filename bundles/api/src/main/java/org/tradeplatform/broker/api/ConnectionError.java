package org.tradeplatform.broker.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The last error a gateway connection met.
 *
 * @param code the broker's error code (IB's code), or {@link #NO_CODE} for a local failure such as
 *     a refused socket or a protocol error
 * @param message what went wrong, never an account number
 * @param at when it happened
 */
public record ConnectionError(int code, String message, Instant at) {

  /** Code of an error that did not come from the broker. */
  public static final int NO_CODE = -1;

  public ConnectionError {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(at, "at");
  }

  /** True when the broker sent the code. */
  public boolean hasBrokerCode() {
    return code != NO_CODE;
  }
}
