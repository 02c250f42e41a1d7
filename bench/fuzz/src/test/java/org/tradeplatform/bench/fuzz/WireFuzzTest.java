package org.tradeplatform.bench.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The fuzzing command at {@code mvn verify} size: 20,000 frames and 20 live sessions. Every frame
 * ends decoded, skipped or as a protocol error; at least half reach field decoding; no hang; an
 * oversized length is never allocated; every refused frame in a live session drops the socket and
 * the client comes back.
 */
class WireFuzzTest {

  @Test
  void twentyThousandFramesEndDecodedOrAsProtocolErrorsAndLiveSessionsRecover() throws Exception {
    WireFuzz.Report report = WireFuzz.run(20261202L, 20_000, 20);

    OfflineFuzz.Result offline = report.offline();
    assertThat(offline.frames()).isEqualTo(20_000);
    assertThat(offline.unexpected()).isEmpty();
    assertThat(offline.count(FrameCheck.Outcome.UNEXPECTED)).isZero();
    assertThat(offline.hangs()).isZero();
    assertThat(report.reachedShare()).isGreaterThanOrEqualTo(0.5);
    assertThat(offline.maxOversizedAllocation()).isLessThan(WireFuzz.OVERSIZED_ALLOCATION_BOUND);
    assertThat(offline.byMutation().get(Mutation.OVERSIZED_LENGTH))
        .containsOnlyKeys(FrameCheck.Outcome.PROTOCOL_ERROR);
    assertThat(offline.byMutation().get(Mutation.VALID))
        .containsOnlyKeys(FrameCheck.Outcome.DECODED);
    assertThat(offline.reachedById().values()).allMatch(n -> n > 0);

    LiveFuzz.Result live = report.live();
    assertThat(live.hangs()).isEmpty();
    assertThat(live.ends()).doesNotContainKey(LiveFuzz.SessionEnd.HANG);
    assertThat(live.ends().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20);
    assertThat(report.passed()).isTrue();
  }
}
