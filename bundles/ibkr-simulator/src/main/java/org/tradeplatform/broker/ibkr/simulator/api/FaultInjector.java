package org.tradeplatform.broker.ibkr.simulator.api;

import java.time.Duration;

/** Faults the simulator can inject into every connected client, now or at a scripted point. */
public interface FaultInjector {

  /** Closes every client socket now. */
  void dropConnections();

  /**
   * Arms a cut: the next positions answer to any client sends {@code rows} rows and then closes
   * that client's socket, without the end marker. One-shot.
   */
  default void dropAfterSnapshotRows(int rows) {
    dropAfterSnapshotRows(rows, 1);
  }

  /**
   * Arms a cut for the next {@code answers} positions answers (to any client): each sends {@code
   * rows} rows and then closes that client's socket, without the end marker. With {@code rows} 0 it
   * is a gateway that completes the handshake and drops before the first snapshot.
   */
  void dropAfterSnapshotRows(int rows, int answers);

  /**
   * Sends an ERR_MSG with id -1 to every client in the layout of its negotiated version. Code 1101
   * ("data lost") also ends every subscription of every client, as the real gateway does.
   */
  void sendError(int code, String message);

  /** Code 1100: the gateway lost its connection to IB. */
  default void connectivityLost() {
    sendError(1100, "Connectivity between IB and Trader Workstation has been lost.");
  }

  /** Code 1101 (data lost) or 1102 (data maintained): connectivity restored. */
  default void connectivityRestored(boolean dataLost) {
    if (dataLost) {
      sendError(
          1101, "Connectivity between IB and Trader Workstation has been restored - data lost.");
    } else {
      sendError(
          1102,
          "Connectivity between IB and Trader Workstation has been restored - data maintained.");
    }
  }

  /** Code 1300 with the given port, then closes every client: the gateway moved its API socket. */
  void announcePortReset(int newPort);

  /** Sends a malformed frame to every client. */
  void sendMalformedFrame(MalformedFrame kind);

  /**
   * Stops answering: for the given time no frame is written to any client (requests are still read
   * and answered afterwards).
   */
  void stall(Duration duration);

  /**
   * Makes the next {@code connections} handshakes of the given client id fail with code 326
   * ("client id already in use") and a closed socket.
   */
  void rejectClientId(int clientId, int connections);
}
