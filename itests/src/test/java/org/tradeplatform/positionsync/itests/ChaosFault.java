package org.tradeplatform.positionsync.itests;

/**
 * The faults a chaos trial draws from: those of {@link FaultsIT} that can happen to a running
 * container (booting with the database down cannot), a plain disconnect, and one combination.
 */
enum ChaosFault {
  /** PostgreSQL unreachable for a while (the proxy resets and refuses connections). */
  DATABASE_OUTAGE,
  /** The next positions answer stops after some rows and the socket closes; a reconcile asks. */
  SNAPSHOT_CUT,
  /** IB code 1100, then 1101 (connectivity restored, data lost). */
  CONNECTIVITY_LOST_DATA_LOST,
  /** IB code 1100, then 1102 (connectivity restored, data kept). */
  CONNECTIVITY_LOST_DATA_KEPT,
  /** The gateway drops every client (a network blip); the client reconnects. */
  DISCONNECT,
  /** The gateway's nightly restart: every client dropped, listening again on the same port. */
  NIGHTLY_RESTART,
  /** Both at once: the gateway restarts while PostgreSQL is unreachable (the bind sync fails). */
  DATABASE_OUTAGE_DURING_RESTART
}
