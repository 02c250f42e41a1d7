package org.tradeplatform.positionsync.itests;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.tradeplatform.position.api.PositionChange;
import org.tradeplatform.position.api.PositionEvents;

/**
 * Hears every position the sync component closed in the table ({@link PositionEvents#CHANGED} with
 * kind {@code CLOSED}), so a wrong close is seen even if a later reconcile reopens the row before
 * the test looks at the table.
 */
final class FaultCloseRecorder implements EventHandler, AutoCloseable {

  private final List<String> closed = new ArrayList<>();
  private final ServiceRegistration<EventHandler> registration;

  private FaultCloseRecorder(BundleContext context) {
    Dictionary<String, Object> properties = new Hashtable<>();
    properties.put(EventConstants.EVENT_TOPIC, PositionEvents.CHANGED);
    registration = context.registerService(EventHandler.class, this, properties);
  }

  static FaultCloseRecorder listen(BundleContext context) {
    return new FaultCloseRecorder(context);
  }

  /** The row key as {@link SyncStackSupport#tableRows} spells it: "account/conId". */
  static String key(String account, long conId) {
    return account + "/" + conId;
  }

  @Override
  public void handleEvent(Event event) {
    if (PositionChange.Kind.CLOSED.name().equals(event.getProperty(PositionEvents.KIND))) {
      String key =
          key(
              String.valueOf(event.getProperty(PositionEvents.ACCOUNT)),
              ((Number) event.getProperty(PositionEvents.CON_ID)).longValue());
      synchronized (closed) {
        closed.add(key);
      }
    }
  }

  /** Keys closed since the last call (in the order heard); clears them. */
  List<String> drain() {
    synchronized (closed) {
      List<String> result = new ArrayList<>(closed);
      closed.clear();
      return result;
    }
  }

  @Override
  public void close() {
    registration.unregister();
  }
}
