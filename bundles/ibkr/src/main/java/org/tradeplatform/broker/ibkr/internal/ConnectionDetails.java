package org.tradeplatform.broker.ibkr.internal;

/**
 * What {@code ibkr:status} shows about one connection beside its public {@link
 * org.tradeplatform.broker.api.ConnectionStatus}; internal to this bundle.
 *
 * @param host gateway host
 * @param port gateway port in use (differs from the configuration after code 1300)
 * @param clientId API client id
 * @param positionsInBook open positions in the live book
 * @param positionListeners position listeners registered on the session (0 while no consumer)
 * @param pnlSubscriptions active per-position PnL subscriptions
 * @param attempts connection attempts since activation
 */
public record ConnectionDetails(
    String host,
    int port,
    int clientId,
    int positionsInBook,
    int positionListeners,
    int pnlSubscriptions,
    long attempts) {}
