package org.tradeplatform.position.sync.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.tradeplatform.position.api.PositionChange;
import org.tradeplatform.position.api.PositionEvents;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * Posts the EventAdmin events of a committed sync: one {@link PositionEvents#CHANGED} per changed
 * position, then one {@link PositionEvents#SYNCED}. Asynchronous ({@code postEvent}): a slow
 * handler never holds up syncing.
 */
final class PositionEventPublisher {

  private final Supplier<EventAdmin> eventAdmin;

  PositionEventPublisher(Supplier<EventAdmin> eventAdmin) {
    this.eventAdmin = eventAdmin;
  }

  void committed(String brokerId, SyncTrigger trigger, SyncResult result) {
    EventAdmin admin = eventAdmin.get();
    if (admin == null) {
      return;
    }
    for (PositionChange change : result.changes()) {
      admin.postEvent(new Event(PositionEvents.CHANGED, changed(brokerId, change)));
    }
    admin.postEvent(new Event(PositionEvents.SYNCED, synced(brokerId, trigger, result)));
  }

  static Map<String, Object> changed(String brokerId, PositionChange change) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(PositionEvents.BROKER_ID, brokerId);
    properties.put(PositionEvents.ACCOUNT, change.position().account());
    properties.put(PositionEvents.CON_ID, change.position().contract().conId());
    properties.put(PositionEvents.SYMBOL, change.position().contract().symbol());
    if (change.oldQuantity() != null) {
      properties.put(PositionEvents.OLD_QUANTITY, change.oldQuantity());
    }
    properties.put(PositionEvents.NEW_QUANTITY, change.newQuantity());
    properties.put(PositionEvents.KIND, change.kind().name());
    return properties;
  }

  static Map<String, Object> synced(String brokerId, SyncTrigger trigger, SyncResult result) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(PositionEvents.BROKER_ID, brokerId);
    properties.put(PositionEvents.TRIGGER, trigger.name());
    properties.put(PositionEvents.INSERTED, result.inserted());
    properties.put(PositionEvents.UPDATED, result.updated());
    properties.put(PositionEvents.CLOSED, result.closed());
    properties.put(PositionEvents.UNCHANGED, result.unchanged());
    return properties;
  }
}
