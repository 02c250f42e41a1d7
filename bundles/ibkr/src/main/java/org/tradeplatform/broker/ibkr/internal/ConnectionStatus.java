package org.tradeplatform.broker.ibkr.internal;

import java.time.Instant;
import java.util.List;

/**
 * What {@code ibkr:status} shows about one gateway connection.
 *
 * @param brokerId configured broker id
 * @param state lifecycle state
 * @param host gateway host
 * @param port gateway port in use (may differ from configuration after code 1300)
 * @param clientId API client id
 * @param serverVersion negotiated server version, 0 before the first handshake
 * @param accounts accounts in scope of the current or last connection
 * @param positionsInBook open positions in the live book
 * @param positionListeners position listeners registered on the session (0 while no consumer)
 * @param pnlSubscriptions active per-position PnL subscriptions
 * @param reconnects connections made after the first one
 * @param lastError last error or disconnect reason, {@code null} if none
 * @param since when the state was entered
 * @param rejectedConfiguration the last configuration refused, {@code null} if none
 */
public record ConnectionStatus(
    String brokerId,
    ConnectionState state,
    String host,
    int port,
    int clientId,
    int serverVersion,
    List<String> accounts,
    int positionsInBook,
    int positionListeners,
    int pnlSubscriptions,
    long reconnects,
    String lastError,
    Instant since,
    String rejectedConfiguration) {}
