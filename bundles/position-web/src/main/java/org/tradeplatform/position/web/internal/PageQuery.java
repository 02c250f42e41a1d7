package org.tradeplatform.position.web.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the page asks for: an account filter, an as-of instant (absent: now), and a page of the
 * positions.
 *
 * @param account one account, or empty for every account
 * @param at the instant to show, or empty for the current state
 * @param offset held positions to skip
 * @param limit rows per page, 1 to {@value #MAX_LIMIT}
 */
record PageQuery(Optional<String> account, Optional<Instant> at, int offset, int limit) {

  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 500;

  /**
   * Reads the request parameters (each may be null or blank).
   *
   * @throws IllegalArgumentException naming the parameter, what was given and what is accepted
   */
  static PageQuery parse(String account, String at, String offset, String limit) {
    Optional<String> accountFilter =
        blank(account) ? Optional.empty() : Optional.of(account.trim());
    Optional<Instant> instant = Optional.empty();
    if (!blank(at)) {
      try {
        instant = Optional.of(OffsetDateTime.parse(at.trim()).toInstant());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "at=" + at + " is not an ISO-8601 instant such as 2026-12-01T15:30:00Z");
      }
    }
    return new PageQuery(
        accountFilter,
        instant,
        number("offset", offset, 0, 0, Integer.MAX_VALUE),
        number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
  }

  private static int number(String name, String text, int otherwise, int min, int max) {
    if (blank(text)) {
      return otherwise;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new IllegalArgumentException(
        name + "=" + text + " is not a whole number from " + min + " to " + max);
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
