package org.tradeplatform.broker.ibkr.internal;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One socket to a gateway after a successful handshake: the outgoing requests and the incoming
 * stream. Outgoing requests are only ever written by the connection's lifecycle thread; the
 * incoming stream is read by its reader thread. {@link #close()} may be called from any thread and
 * makes a blocked {@link #readLoop} return.
 */
interface GatewayTransport extends Closeable {

  /** Opens a connection and completes the handshake. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param pending receives the socket as soon as it exists, so that a stop can close it while
     *     the connect or the handshake is still blocked
     */
    GatewayTransport open(String host, int port, Duration timeout, Consumer<Closeable> pending)
        throws IOException;
  }

  /** The server version negotiated in the handshake. */
  int serverVersion();

  /** The read-only requests this transport can write. */
  GatewayRequests requests();

  /**
   * Reads and decodes frames until the peer closes the socket (returns normally) or the stream
   * fails (throws, for example on a malformed frame).
   */
  void readLoop(GatewayEvents events) throws IOException;

  @Override
  void close();
}
