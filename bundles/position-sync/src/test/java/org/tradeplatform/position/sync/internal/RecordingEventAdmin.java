package org.tradeplatform.position.sync.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Keeps every event posted or sent, in order. */
final class RecordingEventAdmin implements EventAdmin {
  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void postEvent(Event event) {
    events.add(event);
  }

  @Override
  public void sendEvent(Event event) {
    events.add(event);
  }

  List<Event> events(String topic) {
    return events.stream().filter(e -> e.getTopic().equals(topic)).toList();
  }
}
