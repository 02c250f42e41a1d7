package org.tradeplatform.position.sync.internal.shell;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.sync.internal.PnlWriteStatus;
import org.tradeplatform.position.sync.internal.PositionSyncHealth;

/**
 * {@code position:status}: position sync and PnL write statistics per broker session, rejected
 * configuration, health.
 */
@Service
@Command(
    scope = "position",
    name = "status",
    description = "Shows position sync statistics per broker session, and its health")
public class StatusCommand implements Action {

  @Reference PositionSyncStatus status;

  @Reference PositionSyncHealth health;

  @Reference PnlWriteStatus pnl;

  /** Karaf redirects System.out to the session's console; tests capture it here. */
  PrintStream out = System.out;

  @Override
  public Object execute() {
    out.print(
        StatusText.format(
            status.sessions(),
            status.total(),
            pnl.pnlSessions(),
            pnl.pnlTotal(),
            status.rejectedConfiguration(),
            health.health()));
    return null;
  }
}
