package org.tradeplatform.cluster.lease.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.cluster.api.LeaseListener;

/** Records every lease event in order, with the monotonic time it arrived. */
final class RecordingListener implements LeaseListener {

  /** One call: {@code acquired} or {@code lost}. */
  record Event(boolean acquired, FencingToken token, String reason, long atNanos) {}

  final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void acquired(FencingToken token) {
    events.add(new Event(true, token, "", System.nanoTime()));
  }

  @Override
  public void lost(FencingToken token, String reason) {
    events.add(new Event(false, token, reason, System.nanoTime()));
  }

  long acquisitions() {
    return events.stream().filter(Event::acquired).count();
  }

  long losses() {
    return events.stream().filter(e -> !e.acquired()).count();
  }

  Event first(boolean acquired) {
    return events.stream().filter(e -> e.acquired() == acquired).findFirst().orElseThrow();
  }
}
