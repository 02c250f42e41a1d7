package org.tradeplatform.broker.ibkr.internal.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.tradeplatform.broker.ibkr.internal.ConnectionStatus;
import org.tradeplatform.broker.ibkr.internal.ConnectionStatusSource;

/** {@code ibkr:status}: state of every configured gateway connection. */
@Service
@Command(scope = "ibkr", name = "status", description = "Shows the IBKR gateway connections")
public class IbkrStatusCommand implements Action {

  @Reference BundleContext bundleContext;

  @Override
  public Object execute() throws Exception {
    List<ConnectionStatus> statuses = new ArrayList<>();
    for (ServiceReference<ConnectionStatusSource> ref :
        bundleContext.getServiceReferences(ConnectionStatusSource.class, null)) {
      ConnectionStatusSource source = bundleContext.getService(ref);
      if (source != null) {
        try {
          statuses.add(source.status());
        } finally {
          bundleContext.ungetService(ref);
        }
      }
    }
    statuses.sort(Comparator.comparing(ConnectionStatus::brokerId));
    if (statuses.isEmpty()) {
      System.out.println(
          "No IBKR connection is configured (factory PID org.tradeplatform.broker.ibkr).");
      return null;
    }
    for (ConnectionStatus s : statuses) {
      System.out.println(format(s));
    }
    return null;
  }

  /** The text block of one connection. */
  public static String format(ConnectionStatus s) {
    StringBuilder b = new StringBuilder();
    b.append("IBKR ").append(s.brokerId()).append('\n');
    line(b, "state", s.state() + " since " + s.since());
    line(b, "gateway", s.host() + ":" + s.port() + " (client id " + s.clientId() + ")");
    line(b, "server version", s.serverVersion() == 0 ? "-" : Integer.toString(s.serverVersion()));
    line(b, "accounts", s.accounts().isEmpty() ? "-" : String.join(", ", s.accounts()));
    line(b, "positions in book", Integer.toString(s.positionsInBook()));
    line(b, "position listeners", Integer.toString(s.positionListeners()));
    line(b, "PnL subscriptions", Integer.toString(s.pnlSubscriptions()));
    line(b, "reconnects", Long.toString(s.reconnects()));
    line(b, "last error", s.lastError() == null ? "-" : s.lastError());
    if (s.rejectedConfiguration() != null) {
      line(b, "rejected config", s.rejectedConfiguration());
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("  %-18s %s%n", label, value));
  }
}
