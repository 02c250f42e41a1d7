package org.tradeplatform.broker.ibkr.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an IB code means for the connection: a pure function from the code and its message to a
 * typed {@link Action}. The lifecycle carries the action out.
 */
final class CodePolicy {
  private static final Pattern PORT_IN_TEXT = Pattern.compile("(\\d{2,5})\\D*$");

  private CodePolicy() {}

  /** What to do about one ERR_MSG. */
  sealed interface Action
      permits EndConnection, ConnectivityLost, ConnectivityRestored, Report, Information {}

  /**
   * Close the socket and connect again.
   *
   * @param reason why, for the log and the status
   * @param movedToPort the port to use from now on (code 1300); 0 when unchanged
   */
  record EndConnection(String reason, int movedToPort) implements Action {
    /** True when the next attempt may start at once (the gateway told us where it went). */
    boolean immediate() {
      return movedToPort > 0;
    }
  }

  /** Code 1100: the gateway lost IB; withdraw the session, keep the socket. */
  record ConnectivityLost() implements Action {}

  /** Code 1101 (data lost: resubscribe everything) or 1102 (data kept). */
  record ConnectivityRestored(boolean dataLost) implements Action {}

  /** An error worth a warning (once per code) and the status; fails a request with its id. */
  record Report() implements Action {}

  /** Codes 2100–2199 (farm status and similar): information, logged at debug. */
  record Information() implements Action {}

  /** The action for {@code code}; {@code clientId} only words the reason of code 326. */
  static Action of(int code, String message, int clientId) {
    return switch (code) {
      case 326 -> new EndConnection("client id " + clientId + " already in use", 0);
      case 1100 -> new ConnectivityLost();
      case 1101 -> new ConnectivityRestored(true);
      case 1102 -> new ConnectivityRestored(false);
      case 1300 -> portMove(message);
      default -> code >= 2100 && code < 2200 ? new Information() : new Report();
    };
  }

  private static Action portMove(String message) {
    Matcher m = PORT_IN_TEXT.matcher(message == null ? "" : message);
    if (m.find()) {
      int port = Integer.parseInt(m.group(1));
      if (port > 0 && port <= 65535) {
        return new EndConnection("gateway moved its API socket to port " + port, port);
      }
    }
    return new Report();
  }
}
