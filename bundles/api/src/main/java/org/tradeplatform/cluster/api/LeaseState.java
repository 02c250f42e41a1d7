package org.tradeplatform.cluster.api;

/** Where this node's claim on one lease stands. */
public enum LeaseState {
  /** This node holds the lease and its local deadline has not passed. */
  HELD,
  /** Another node holds the lease, or this node is waiting to try again. */
  STANDBY,
  /** The lease table cannot be reached; this node cannot hold the lease. */
  UNREACHABLE,
  /** The claim was closed. */
  CLOSED
}
