package org.tradeplatform.position.sync.internal.shell;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.position.api.PositionSyncStatus;

/**
 * {@code position:status}: position sync and PnL write statistics per broker session, rejected
 * configuration, and the sync component's health (the same evaluation the sync-freshness health
 * check shows).
 */
@Service
@Command(
    scope = "position",
    name = "status",
    description = "Shows position sync statistics per broker session, and its health")
public class StatusCommand implements Action {

  @Reference PositionSyncStatus status;

  /** Karaf redirects System.out to the session's console; tests capture it here. */
  PrintStream out = System.out;

  @Override
  public Object execute() {
    out.print(
        StatusText.format(
            status.sessions(),
            status.total(),
            status.pnlSessions(),
            status.pnlTotal(),
            status.rejectedConfiguration(),
            status.health()));
    return null;
  }
}
