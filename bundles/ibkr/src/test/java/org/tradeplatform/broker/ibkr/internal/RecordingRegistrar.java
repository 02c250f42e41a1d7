package org.tradeplatform.broker.ibkr.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.tradeplatform.broker.api.BrokerSession;

/** A fake service registry: records what would be registered, on which thread. */
class RecordingRegistrar implements SessionRegistrar {

  record Call(String action, String thread, Map<String, Object> properties) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger registrations = new AtomicInteger();
  final AtomicInteger unregistrations = new AtomicInteger();
  private volatile BrokerSession registered;
  private volatile Map<String, Object> properties;

  @Override
  public Registration register(BrokerSession session, Map<String, Object> props) {
    if (registered != null) {
      throw new IllegalStateException("registered twice without unregistering");
    }
    registered = session;
    properties = Map.copyOf(props);
    calls.add(new Call("register", Thread.currentThread().getName(), properties));
    registrations.incrementAndGet();
    return () -> {
      calls.add(new Call("unregister", Thread.currentThread().getName(), properties));
      registered = null;
      unregistrations.incrementAndGet();
    };
  }

  boolean isRegistered() {
    return registered != null;
  }

  BrokerSession session() {
    return registered;
  }

  Map<String, Object> properties() {
    return properties;
  }
}
