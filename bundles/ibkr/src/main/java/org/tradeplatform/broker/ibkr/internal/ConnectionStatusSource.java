package org.tradeplatform.broker.ibkr.internal;

/**
 * Internal service of every connection component, read by {@code ibkr:status}. Not exported: the
 * command lives in the same bundle.
 */
public interface ConnectionStatusSource {
  ConnectionStatus status();
}
