package org.tradeplatform.position.operations.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.broker.api.ConnectionStatusService;

/**
 * The bound connection status services (one per broker implementation) and their connections,
 * ordered by broker id. Thread-safe: copy-on-write.
 */
final class ConnectionStatuses {

  private final List<ConnectionStatusService> services = new CopyOnWriteArrayList<>();

  void add(ConnectionStatusService service) {
    services.add(service);
  }

  void remove(ConnectionStatusService service) {
    services.remove(service);
  }

  int serviceCount() {
    return services.size();
  }

  List<ConnectionStatus> connections() {
    List<ConnectionStatus> all = new ArrayList<>();
    for (ConnectionStatusService service : services) {
      all.addAll(service.connections());
    }
    all.sort(Comparator.comparing(ConnectionStatus::brokerId));
    return all;
  }
}
