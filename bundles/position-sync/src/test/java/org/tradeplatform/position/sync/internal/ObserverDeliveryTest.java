package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tradeplatform.position.api.SyncObserver;
import org.tradeplatform.position.api.SyncOutcome;
import org.tradeplatform.position.api.SyncReport;
import org.tradeplatform.position.api.SyncTrigger;

class ObserverDeliveryTest {
  private final List<Runnable> tasks = new ArrayList<>();
  private final ObserverDelivery delivery = new ObserverDelivery(tasks::add);

  private static SyncReport report(int n) {
    return new SyncReport(
        "gw" + n,
        SyncTrigger.CALLBACK,
        Instant.EPOCH,
        Duration.ZERO,
        SyncOutcome.SUCCEEDED,
        Optional.empty(),
        0,
        0,
        0,
        0,
        List.of());
  }

  private void runTasks() {
    while (!tasks.isEmpty()) {
      tasks.remove(0).run();
    }
  }

  @Test
  void aThrowingObserverNeitherStopsDeliveryNorReachesTheCaller() {
    List<SyncReport> seen = new ArrayList<>();
    delivery.add(
        r -> {
          throw new IllegalStateException("observer bug");
        });
    delivery.add(seen::add);

    delivery.deliver(report(1));
    delivery.deliver(report(2));
    runTasks();

    assertThat(seen).containsExactly(report(1), report(2));
  }

  @Test
  void reportsAreDeliveredOnlyByTheDrainTaskNeverByTheCaller() {
    List<SyncReport> seen = new ArrayList<>();
    delivery.add(seen::add);

    delivery.deliver(report(1));

    assertThat(seen).isEmpty();
    assertThat(tasks).hasSize(1);
    runTasks();
    assertThat(seen).containsExactly(report(1));
  }

  @Test
  void aSlowObserversBacklogIsBoundedByDroppingItsOldestReports() {
    List<SyncReport> seen = new ArrayList<>();
    SyncObserver slow = seen::add;
    delivery.add(slow);

    for (int i = 0; i < ObserverDelivery.MAX_BACKLOG + 3; i++) {
      delivery.deliver(report(i));
    }

    assertThat(delivery.dropped()).isEqualTo(3);
    runTasks();
    assertThat(seen).hasSize(ObserverDelivery.MAX_BACKLOG);
    assertThat(seen.get(0)).isEqualTo(report(3));
  }

  @Test
  void aRemovedObserverHearsNothingMore() {
    List<SyncReport> seen = new ArrayList<>();
    SyncObserver observer = seen::add;
    delivery.add(observer);
    delivery.remove(observer);

    delivery.deliver(report(1));
    runTasks();

    assertThat(seen).isEmpty();
  }
}
