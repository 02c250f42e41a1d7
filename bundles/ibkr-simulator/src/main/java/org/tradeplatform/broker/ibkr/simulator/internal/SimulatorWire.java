package org.tradeplatform.broker.ibkr.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The protocol side of one client socket: handshake, request decoding, frame encoding. */
interface SimulatorWire {

  /**
   * Reads the client's {@code API\0} greeting and version range, answers with the negotiated
   * version (at most {@code preferredVersion}) and the connection time, and returns that version.
   */
  int acceptHandshake(InputStream in, OutputStream out, int preferredVersion) throws IOException;

  /** Reads the next request; {@code null} at end of stream. */
  ClientRequest readRequest(InputStream in, int serverVersion) throws IOException;

  /** Encoder for the negotiated version. */
  ServerFrames frames(int serverVersion);
}
