package org.tradeplatform.position.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.api.SyncHealth;
import org.tradeplatform.position.api.SyncHealth.Finding;

/** The check adds no rule: it shows the sync component's own findings (rules: the core's test). */
class SyncFreshnessTest {

  private static List<String> entries(ResultLog log) {
    return StreamSupport.stream(log.spliterator(), false)
        .map(e -> e.getStatus() + " " + e.getMessage())
        .toList();
  }

  private static ResultLog evaluate(Finding... findings) {
    return SyncFreshness.evaluate(
        Optional.of(
            new Doubles.SyncStatus(
                Map.of(), Optional.empty(), Map.of(), new SyncHealth(List.of(findings)))));
  }

  @Test
  void everyFindingIsOneEntryWithItsStatusAndMessageUnchanged() {
    ResultLog log =
        evaluate(
            new Finding(SyncHealth.Status.WARN, "configuration refused: debounceSeconds"),
            new Finding(SyncHealth.Status.OK, "broker session live: fine"),
            new Finding(SyncHealth.Status.CRITICAL, "broker session paper: stale"));
    assertThat(entries(log))
        .containsExactly(
            "WARN configuration refused: debounceSeconds",
            "OK broker session live: fine",
            "CRITICAL broker session paper: stale");
    assertThat(log.getAggregateStatus()).isEqualTo(Status.CRITICAL);
  }

  @Test
  void theAggregateIsTheSyncComponentsStatus() {
    for (SyncHealth.Status status : SyncHealth.Status.values()) {
      SyncHealth health = new SyncHealth(List.of(new Finding(status, "x")));
      assertThat(evaluate(health.findings().get(0)).getAggregateStatus().name())
          .isEqualTo(health.status().name());
    }
  }

  @Test
  void aMissingSyncComponentIsCritical() {
    ResultLog log = SyncFreshness.evaluate(Optional.empty());
    assertThat(log.getAggregateStatus()).isEqualTo(Status.CRITICAL);
    assertThat(entries(log)).singleElement().asString().contains("feature:install position-sync");
  }

  @Test
  void theDebounceIsReadLikeTheSyncComponentReadsIt() {
    var properties = new java.util.Hashtable<String, Object>();
    assertThat(SyncConfigurationView.from(properties).debounce()).isEqualTo(Duration.ofSeconds(5));
    properties.put("debounceSeconds", 2);
    assertThat(SyncConfigurationView.from(properties).debounce()).isEqualTo(Duration.ofSeconds(2));
    properties.put("debounceSeconds", "-1"); // refused by the sync component: its default holds
    assertThat(SyncConfigurationView.from(properties).debounce()).isEqualTo(Duration.ofSeconds(5));
  }
}
