package org.tradeplatform.position.web.internal;

import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Component;
import org.tradeplatform.position.api.HeardChange;
import org.tradeplatform.position.api.SyncObserver;
import org.tradeplatform.position.api.SyncReport;

/**
 * Feeds the page's latency ring from every sync the sync component reports (a {@link SyncObserver}
 * on the whiteboard). The ring is its only state and is thread-safe.
 */
@Component(service = {SyncObserver.class, LatencyObserver.class})
public final class LatencyObserver implements SyncObserver {

  private final Clock clock;
  private final LatencyRing ring;

  public LatencyObserver() {
    this(Clock.systemUTC());
  }

  LatencyObserver(Clock clock) {
    this.clock = clock;
    this.ring = new LatencyRing(clock.instant());
  }

  @Override
  public void syncFinished(SyncReport report) {
    for (HeardChange change : report.heardChanges()) {
      ring.record(change.committedAt(), Duration.ofNanos(change.latencyNanos()));
    }
  }

  LatencyRing ring() {
    return ring;
  }

  Clock clock() {
    return clock;
  }
}
