package org.tradeplatform.broker.ibkr.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.BrokerSession;

/**
 * Publishes and withdraws the connection's {@link BrokerSession} service with its properties.
 *
 * <p>Called on the connection's lifecycle thread only, never while a lock is held.
 */
final class SessionPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SessionPublisher.class);

  private final SessionRegistrar registrar;
  private final BrokerSession session;
  private SessionRegistrar.Registration registration;

  SessionPublisher(SessionRegistrar registrar, BrokerSession session) {
    this.registrar = registrar;
    this.session = session;
  }

  boolean isPublished() {
    return registration != null;
  }

  /** Registers the session for {@code accounts}, unless it is registered already. */
  void publish(Set<String> accounts) {
    if (registration != null) {
      return;
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(BrokerSession.BROKER_ID, session.id());
    props.put(BrokerSession.BROKER_TYPE, StatusRecorder.BROKER_TYPE);
    props.put(BrokerSession.BROKER_ACCOUNTS, new TreeSet<>(accounts).toArray(String[]::new));
    registration = registrar.register(session, props);
  }

  /** Unregisters the session if it is registered. */
  void withdraw() {
    SessionRegistrar.Registration r = registration;
    registration = null;
    if (r != null) {
      try {
        r.unregister();
      } catch (RuntimeException e) {
        LOG.warn("IBKR {}: unregistering the session failed", session.id(), e);
      }
    }
  }
}
