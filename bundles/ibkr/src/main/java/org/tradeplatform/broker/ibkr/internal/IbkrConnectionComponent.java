package org.tradeplatform.broker.ibkr.internal;

import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.broker.api.ConnectionStatus;

/**
 * One configured gateway connection (factory PID {@value #PID}). Activation only starts the
 * connection's own lifecycle thread; the {@code BrokerSession} service appears when the gateway is
 * ready. A configuration change that is valid restarts the connection; an invalid one is refused
 * with one log line naming the property, and the previous configuration stays in force.
 */
@Component(
    configurationPid = IbkrConnectionComponent.PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE,
    service = ConnectionView.class,
    immediate = true)
@Designate(ocd = IbkrConnectionConfig.class, factory = true)
public final class IbkrConnectionComponent implements ConnectionView {
  public static final String PID = "org.tradeplatform.broker.ibkr";
  private static final Logger LOG = LoggerFactory.getLogger(IbkrConnectionComponent.class);

  private final BundleContext context;
  private volatile IbkrConnection connection;
  private volatile Optional<String> rejectedConfiguration = Optional.empty();

  @Activate
  public IbkrConnectionComponent(BundleContext context, IbkrConnectionConfig config) {
    this.context = context;
    ConnectionSettings settings;
    try {
      settings = ConnectionSettings.from(config);
    } catch (IllegalArgumentException e) {
      LOG.error("IBKR connection not started: {}", e.getMessage());
      throw e;
    }
    connection = IbkrConnection.create(settings, new OsgiSessionRegistrar(context));
    connection.start();
  }

  @Modified
  void modified(IbkrConnectionConfig config) {
    ConnectionSettings settings;
    try {
      settings = ConnectionSettings.from(config);
    } catch (IllegalArgumentException e) {
      rejectedConfiguration = Optional.of(e.getMessage());
      LOG.error(
          "IBKR {}: configuration refused, keeping the previous one: {}",
          connection.settings().brokerId(),
          e.getMessage());
      return;
    }
    rejectedConfiguration = Optional.empty();
    if (settings.equals(connection.settings())) {
      return;
    }
    IbkrConnection previous = connection;
    previous.close();
    IbkrConnection next = IbkrConnection.create(settings, new OsgiSessionRegistrar(context));
    connection = next;
    next.start();
  }

  @Deactivate
  void deactivate() {
    connection.close();
  }

  @Override
  public ConnectionStatus status() {
    return connection.status();
  }

  @Override
  public ConnectionDetails details() {
    return connection.details();
  }

  @Override
  public Optional<String> rejectedConfiguration() {
    return rejectedConfiguration;
  }
}
