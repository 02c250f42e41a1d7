package org.tradeplatform.broker.api;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One live, logged-in connection to one broker gateway, registered as an OSGi service only while it
 * is usable. It is unregistered when the connection is lost, when the gateway reports that its own
 * data is stale, and when its bundle stops; consumers bind to it dynamically and never keep it
 * after it is gone.
 *
 * <p>Service properties: {@link #BROKER_ID}, {@link #BROKER_TYPE}, {@link #BROKER_ACCOUNTS}.
 */
@ProviderType
public interface BrokerSession {

  /** Service property: the configured identifier of the gateway connection. */
  String BROKER_ID = "broker.id";

  /** Service property: the kind of broker, for example {@code ibkr}. */
  String BROKER_TYPE = "broker.type";

  /** Service property: the managed accounts of the session (String[]), after filtering. */
  String BROKER_ACCOUNTS = "broker.accounts";

  /** The configured identifier of this connection ({@code broker.id}). */
  String id();

  /**
   * The accounts this session reports positions for: managed accounts, narrowed by configuration.
   */
  Set<String> accounts();

  /**
   * Asks the broker afresh for every position of {@link #accounts()}. The stage completes only with
   * a complete answer (the broker's end marker received) and fails on timeout, disconnect or error:
   * a partial answer never escapes.
   */
  CompletionStage<PositionSnapshot> positions();

  /** Registers a listener for position changes; adding the same listener twice has no effect. */
  void addPositionListener(PositionListener listener);

  /** Removes a listener; after this returns it hears of no further change. */
  void removePositionListener(PositionListener listener);

  /** Registers a listener for market value and PnL updates. */
  void addPnlListener(PnlListener listener);

  /** Removes a PnL listener. */
  void removePnlListener(PnlListener listener);
}
