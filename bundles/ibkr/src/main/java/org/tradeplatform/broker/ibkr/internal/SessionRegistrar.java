package org.tradeplatform.broker.ibkr.internal;

import java.util.Map;
import org.tradeplatform.broker.api.BrokerSession;

/**
 * The seam between the connection and the service registry: in OSGi it registers a {@link
 * BrokerSession} service; tests record what would be registered. Always called on the connection's
 * lifecycle thread, never while a lock is held.
 */
public interface SessionRegistrar {

  /** Publishes the session with the given service properties. */
  Registration register(BrokerSession session, Map<String, Object> properties);

  /** A published session. */
  interface Registration {
    /** Withdraws the session; called once. */
    void unregister();
  }
}
