package org.tradeplatform.broker.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The state of every configured gateway connection of one broker implementation, registered as one
 * OSGi service by that implementation while its bundle is active, whether or not any connection is
 * configured. Health checks, metrics, the shell and the web page read connection state only through
 * it.
 *
 * <p>Service property: {@link BrokerSession#BROKER_TYPE}.
 */
@ProviderType
public interface ConnectionStatusService {

  /** One status per configured connection, ordered by broker id. */
  List<ConnectionStatus> connections();

  /** The status of one configured connection. */
  default Optional<ConnectionStatus> connection(String brokerId) {
    return connections().stream().filter(c -> c.brokerId().equals(brokerId)).findFirst();
  }
}
