package org.tradeplatform.broker.ibkr.internal;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.broker.api.ConnectionStatusService;

/**
 * The one {@link ConnectionStatusService} of the IBKR bundle: lists every configured connection
 * (every active connection component), and is registered even when none is configured.
 *
 * <p>Thread-safe: DS binds and unbinds connections on its threads while readers list them.
 */
@Component(
    service = ConnectionStatusService.class,
    property = BrokerSession.BROKER_TYPE + "=" + StatusRecorder.BROKER_TYPE,
    immediate = true)
public final class IbkrConnectionStatusService implements ConnectionStatusService {
  private final List<ConnectionView> connections = new CopyOnWriteArrayList<>();

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "removeConnection")
  void addConnection(ConnectionView connection) {
    connections.add(connection);
  }

  void removeConnection(ConnectionView connection) {
    connections.remove(connection);
  }

  @Override
  public List<ConnectionStatus> connections() {
    return connections.stream()
        .map(ConnectionView::status)
        .sorted(Comparator.comparing(ConnectionStatus::brokerId))
        .toList();
  }
}
