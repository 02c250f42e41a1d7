package org.tradeplatform.position.sync.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void readsInstantsAndOffsetsAsGiven() {
    assertThat(TimeArgument.parse("--at", "2026-12-01T15:30:00Z", BERLIN))
        .isEqualTo(Instant.parse("2026-12-01T15:30:00Z"));
    assertThat(TimeArgument.parse("--at", "2026-12-01T16:30:00.5+01:00", BERLIN))
        .isEqualTo(Instant.parse("2026-12-01T15:30:00.5Z"));
  }

  @Test
  void readsLocalTimesInTheZoneAndEchoesTheInstant() {
    Instant winter = TimeArgument.parse("--at", "2026-12-01T15:30", BERLIN);
    Instant summer = TimeArgument.parse("--at", "2026-07-01T15:30:00", BERLIN);

    assertThat(winter).isEqualTo(Instant.parse("2026-12-01T14:30:00Z"));
    assertThat(summer).isEqualTo(Instant.parse("2026-07-01T13:30:00Z"));
    assertThat(TimeArgument.echo("2026-12-01T15:30", winter, BERLIN))
        .isEqualTo("2026-12-01T15:30 in Europe/Berlin = 2026-12-01T14:30:00Z");
    assertThat(TimeArgument.echo("2026-12-01T15:30:00Z", winter, BERLIN))
        .isEqualTo("2026-12-01T14:30:00Z");
  }

  @Test
  void refusesALocalTimeInTheSpringGap() {
    assertThatThrownBy(() -> TimeArgument.parse("--at", "2026-03-29T02:30", BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--at 2026-03-29T02:30 does not exist in zone Europe/Berlin");
  }

  @Test
  void takesTheEarlierOffsetInTheAutumnOverlap() {
    // 02:30 happens twice on 2026-10-25: first at +02:00 (00:30Z), then at +01:00 (01:30Z)
    assertThat(TimeArgument.parse("--at", "2026-10-25T02:30", BERLIN))
        .isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
  }

  @Test
  void refusesAMalformedTimeNamingTheAcceptedForms() {
    assertThatThrownBy(() -> TimeArgument.parse("--since", "yesterday 15:30", BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--since yesterday 15:30 is not a time")
        .hasMessageContaining("2026-12-01T15:30:00Z")
        .hasMessageContaining("2026-12-01T16:30:00+01:00")
        .hasMessageContaining("2026-12-01T15:30")
        .hasMessageContaining("Europe/Berlin");
  }
}
