package org.tradeplatform.position.sync.internal.shell;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads a time given on the command line: an ISO-8601 instant ({@code 2026-12-01T15:30:00Z}), a
 * date-time with an offset ({@code 2026-12-01T16:30:00+01:00}) or a local date-time ({@code
 * 2026-12-01T15:30[:00]}) in a zone. A local time in a daylight-saving gap is refused; one in an
 * overlap takes the earlier offset (the first occurrence).
 */
final class TimeArgument {
  private TimeArgument() {}

  /**
   * The instant {@code text} names.
   *
   * @throws IllegalArgumentException naming the option, what was given and the accepted forms
   */
  static Instant parse(String option, String text, ZoneId zone) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      // Instant.parse accepts exactly what OffsetDateTime does for 'Z': try the local form
    }
    LocalDateTime local;
    try {
      local = LocalDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option
              + " "
              + text
              + " is not a time; give an ISO-8601 instant (2026-12-01T15:30:00Z), one with an"
              + " offset (2026-12-01T16:30:00+01:00) or a local date-time (2026-12-01T15:30 or"
              + " 2026-12-01T15:30:00, read in zone "
              + zone
              + ")");
    }
    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
    if (offsets.isEmpty()) {
      throw new IllegalArgumentException(
          option
              + " "
              + text
              + " does not exist in zone "
              + zone
              + " (the clocks skip it for daylight saving); give a time outside the gap or an"
              + " instant with an offset");
    }
    try {
      // for an overlap the list holds the earlier offset first, as ZonedDateTime.ofLocal uses it
      return ZonedDateTime.ofLocal(local, zone, offsets.get(0)).toInstant();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(option + " " + text + ": " + e.getMessage(), e);
    }
  }

  /** How a command echoes the time it will use: the instant, with the input when it was local. */
  static String echo(String text, Instant instant, ZoneId zone) {
    try {
      LocalDateTime.parse(text);
      return text + " in " + zone + " = " + instant;
    } catch (DateTimeParseException notLocal) {
      return instant.toString();
    }
  }
}
