package org.tradeplatform.broker.ibkr.internal;

import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.tradeplatform.broker.api.BrokerSession;

/** Registers sessions in the OSGi service registry of the component's bundle. */
final class OsgiSessionRegistrar implements SessionRegistrar {
  private final BundleContext context;

  OsgiSessionRegistrar(BundleContext context) {
    this.context = context;
  }

  @Override
  public Registration register(BrokerSession session, Map<String, Object> properties) {
    ServiceRegistration<BrokerSession> registration =
        context.registerService(BrokerSession.class, session, new Hashtable<>(properties));
    return () -> {
      try {
        registration.unregister();
      } catch (IllegalStateException alreadyGone) {
        // the bundle is stopping and the framework already withdrew it
      }
    };
  }
}
