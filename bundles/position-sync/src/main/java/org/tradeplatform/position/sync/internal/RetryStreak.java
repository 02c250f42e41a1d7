package org.tradeplatform.position.sync.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;

/**
 * The failure streak of one writer (a session's position syncs or its PnL writes): the backoff
 * before the next attempt and one WARN line per streak.
 *
 * <p>Not thread-safe: its owner guards it with its own lock and logs outside that lock, with the
 * {@link Failure} or the recovery count this class returns.
 */
final class RetryStreak {

  /** The longest wait between retries after consecutive failures. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

  private int consecutiveFailures;
  private Instant retryNotBefore = Instant.MIN;
  private Optional<String> lastError = Optional.empty();

  /** One recorded failure, to be logged outside the owner's lock. */
  record Failure(boolean firstOfStreak, Duration backoff, String message) {

    /**
     * WARN for the first failure of a streak, naming the backoff; INFO for the repeats.
     *
     * @param subject what failed, e.g. "Position sync of gw1 (PERIODIC)"
     */
    void log(Logger log, String subject) {
      if (firstOfStreak) {
        log.warn(
            "{} failed, retrying with backoff (next in {} s): {}",
            subject,
            backoff.toSeconds(),
            message);
      } else {
        // At most one line per backoff (at most a minute): every failure has its line.
        log.info("{} failed again (next in {} s): {}", subject, backoff.toSeconds(), message);
      }
    }
  }

  /** Records a failure at {@code now}: the next attempt waits for the backoff. */
  Failure failed(Instant now, Throwable error) {
    String message = describe(unwrap(error));
    boolean first = consecutiveFailures == 0;
    consecutiveFailures++;
    Duration backoff = backoff(consecutiveFailures);
    retryNotBefore = now.plus(backoff);
    lastError = Optional.of(message);
    return new Failure(first, backoff, message);
  }

  /**
   * Records a success: the streak ends.
   *
   * @return how many attempts had failed before it, 0 if none
   */
  int succeeded() {
    int recoveredAfter = consecutiveFailures;
    consecutiveFailures = 0;
    retryNotBefore = Instant.MIN;
    lastError = Optional.empty();
    return recoveredAfter;
  }

  /** {@code due}, or later if a backoff is still running. */
  Instant notBefore(Instant due) {
    return retryNotBefore.isAfter(due) ? retryNotBefore : due;
  }

  /** The last failure's message while the streak lasts. */
  Optional<String> lastError() {
    return lastError;
  }

  /** Logs the end of a streak at INFO, if there was one. */
  static void logRecovery(Logger log, String subject, int recoveredAfter) {
    if (recoveredAfter > 0) {
      log.info("{} recovered after {} failed attempts", subject, recoveredAfter);
    }
  }

  /** 1, 2, 4, … seconds after consecutive failures, at most {@link #MAX_BACKOFF}. */
  static Duration backoff(int consecutiveFailures) {
    int exponent = Math.min(Math.max(consecutiveFailures, 1) - 1, 16);
    Duration backoff = Duration.ofSeconds(1L << exponent);
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  /** The failure inside the wrappers of a future. */
  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** One line with the failure and its root cause: no stack trace. */
  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(oneLine(error));
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != error) {
      text.append(" (caused by ").append(oneLine(root)).append(')');
    }
    return text.toString();
  }

  private static String oneLine(Throwable t) {
    return t.getMessage() == null
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
