package org.tradeplatform.position.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every sync the sync component finishes; register one as an OSGi service (whiteboard).
 * Metrics, health and pages use it to see each sync without polling.
 *
 * <p>Called on a thread of the sync component's own after the sync's transaction ended, never under
 * its locks. A slow or throwing observer never delays or fails a sync: its exception is logged and
 * dropped, and a backlog of reports for a slow observer is bounded (the oldest are dropped and
 * counted).
 */
@ConsumerType
public interface SyncObserver {

  /** One sync finished: succeeded, failed or abandoned. */
  void syncFinished(SyncReport report);
}
