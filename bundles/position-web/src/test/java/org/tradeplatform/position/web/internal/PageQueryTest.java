package org.tradeplatform.position.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageQueryTest {

  @Test
  void defaultsToNowEveryAccountAndTheFirstPageOf500() {
    assertThat(PageQuery.parse(null, " ", null, ""))
        .isEqualTo(new PageQuery(Optional.empty(), Optional.empty(), 0, 500));
  }

  @Test
  void readsEveryParameter() {
    assertThat(PageQuery.parse(" DU1 ", "2026-12-01T16:30:05.999+01:00", "500", "100"))
        .isEqualTo(
            new PageQuery(
                Optional.of("DU1"),
                Optional.of(Instant.parse("2026-12-01T15:30:05.999Z")),
                500,
                100));
  }

  @Test
  void refusesBadValuesNamingTheParameter() {
    assertThatThrownBy(() -> PageQuery.parse(null, "yesterday", null, null))
        .hasMessageContaining("at=yesterday is not an ISO-8601 instant");
    assertThatThrownBy(() -> PageQuery.parse(null, null, "-1", null))
        .hasMessageContaining("offset=-1 is not a whole number from 0");
    assertThatThrownBy(() -> PageQuery.parse(null, null, null, "501"))
        .hasMessageContaining("limit=501 is not a whole number from 1 to 500");
    assertThatThrownBy(() -> PageQuery.parse(null, null, "x", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
