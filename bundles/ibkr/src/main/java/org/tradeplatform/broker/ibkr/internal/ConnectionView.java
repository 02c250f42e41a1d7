package org.tradeplatform.broker.ibkr.internal;

import java.util.Optional;
import org.tradeplatform.broker.api.ConnectionStatus;

/**
 * One configured connection as this bundle's status service and shell see it: registered as an
 * internal service by each connection component. Not exported.
 */
public interface ConnectionView {

  /** The public status. */
  ConnectionStatus status();

  /** The details {@code ibkr:status} shows beside it. */
  ConnectionDetails details();

  /** The last configuration change refused, while the previous one stays in force. */
  Optional<String> rejectedConfiguration();
}
