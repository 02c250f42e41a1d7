package org.tradeplatform.broker.ibkr.simulator.api;

/** Kinds of broken frames the simulator can send. */
public enum MalformedFrame {
  /** A length prefix above the 16 MiB limit, followed by a few bytes. */
  OVERSIZED_LENGTH,
  /** A POSITION_DATA frame whose contract id is not a number. */
  GARBLED_NUMBER,
  /** A frame whose payload does not end with a NUL byte. */
  MISSING_TERMINATOR
}
