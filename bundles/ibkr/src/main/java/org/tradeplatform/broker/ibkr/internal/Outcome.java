package org.tradeplatform.broker.ibkr.internal;

import org.tradeplatform.broker.api.ConnectionError;

/**
 * Why one connection attempt ended, and how the next one starts.
 *
 * @param reason what happened, for the log and the status
 * @param code IB's code, or {@link ConnectionError#NO_CODE}
 * @param next when to try again
 */
record Outcome(String reason, int code, Next next) {

  /** When the next attempt starts. */
  enum Next {
    /** At once (the gateway announced a new port). */
    AT_ONCE,
    /** After the session backoff (the gateway accepted, then the connection failed). */
    AFTER_SESSION_BACKOFF,
    /** After the unreachable backoff (the socket was refused or the handshake failed). */
    AFTER_UNREACHABLE_BACKOFF
  }

  static Outcome lost(String reason) {
    return new Outcome(reason, ConnectionError.NO_CODE, Next.AFTER_SESSION_BACKOFF);
  }

  static Outcome unreachable(String reason) {
    return new Outcome(reason, ConnectionError.NO_CODE, Next.AFTER_UNREACHABLE_BACKOFF);
  }

  /** The connection must end because of an IB code. */
  static Outcome ended(CodePolicy.EndConnection end, int code) {
    return new Outcome(
        end.reason(), code, end.immediate() ? Next.AT_ONCE : Next.AFTER_SESSION_BACKOFF);
  }

  /** The reason, with the IB code when there is one. */
  String describe() {
    return code == ConnectionError.NO_CODE ? reason : reason + " (IB code " + code + ")";
  }
}
