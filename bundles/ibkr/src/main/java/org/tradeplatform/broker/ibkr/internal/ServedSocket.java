package org.tradeplatform.broker.ibkr.internal;

/**
 * The lifecycle thread's view of the socket it currently serves: its generation, sender and feed,
 * and where it stands on the way to a usable session.
 *
 * <p>Lifecycle thread only.
 */
final class ServedSocket {
  final int generation;
  final RequestSender sender;
  final InboundFeed feed;

  /** A complete positions answer arrived since connect or since the last data loss (1101). */
  boolean synced;

  /** No code 1100 (gateway lost IB) is outstanding. */
  boolean connectivity = true;

  /** The session was registered at least once on this socket. */
  boolean everReady;

  /** A write failed (the reader's reason is then the better one). */
  boolean writeFailed;

  ServedSocket(int generation, RequestSender sender, InboundFeed feed) {
    this.generation = generation;
    this.sender = sender;
    this.feed = feed;
  }
}
