package org.tradeplatform.broker.ibkr.internal.command;

import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.tradeplatform.broker.api.ConnectionError;
import org.tradeplatform.broker.api.ConnectionStatus;
import org.tradeplatform.broker.api.ConnectionStatusService;
import org.tradeplatform.broker.ibkr.internal.ConnectionDetails;
import org.tradeplatform.broker.ibkr.internal.ConnectionView;

/**
 * {@code ibkr:status}: every configured gateway connection, as the bundle's {@link
 * ConnectionStatusService} reports it, with this bundle's connection details beside it.
 */
@Service
@Command(scope = "ibkr", name = "status", description = "Shows the IBKR gateway connections")
public class IbkrStatusCommand implements Action {

  @Reference(filter = "(broker.type=ibkr)")
  ConnectionStatusService connections;

  @Reference BundleContext bundleContext;

  @Override
  public Object execute() throws Exception {
    var statuses = connections.connections();
    if (statuses.isEmpty()) {
      System.out.println(
          "No IBKR connection is configured (factory PID org.tradeplatform.broker.ibkr).");
      return null;
    }
    for (ConnectionStatus s : statuses) {
      Optional<ConnectionView> view = view(s.brokerId());
      System.out.println(
          format(
              s,
              view.map(ConnectionView::details),
              view.flatMap(ConnectionView::rejectedConfiguration)));
    }
    return null;
  }

  private Optional<ConnectionView> view(String brokerId) throws InvalidSyntaxException {
    for (ServiceReference<ConnectionView> ref :
        bundleContext.getServiceReferences(ConnectionView.class, null)) {
      ConnectionView view = bundleContext.getService(ref);
      if (view != null) {
        try {
          if (view.status().brokerId().equals(brokerId)) {
            return Optional.of(view);
          }
        } finally {
          bundleContext.ungetService(ref);
        }
      }
    }
    return Optional.empty();
  }

  /** The text block of one connection. */
  public static String format(
      ConnectionStatus s, Optional<ConnectionDetails> details, Optional<String> rejected) {
    StringBuilder b = new StringBuilder();
    b.append("IBKR ").append(s.brokerId()).append('\n');
    line(b, "state", s.state() + " since " + s.since());
    s.leaseHolder().ifPresent(holder -> line(b, "lease holder", holder));
    details.ifPresent(
        d -> line(b, "gateway", d.host() + ":" + d.port() + " (client id " + d.clientId() + ")"));
    line(
        b,
        "server version",
        s.serverVersion().stream().mapToObj(Integer::toString).findFirst().orElse("-"));
    line(
        b,
        "accounts",
        s.accounts().isEmpty()
            ? "-"
            : s.accounts().stream().sorted().collect(Collectors.joining(", ")));
    details.ifPresent(
        d -> {
          line(b, "positions in book", Integer.toString(d.positionsInBook()));
          line(b, "position listeners", Integer.toString(d.positionListeners()));
          line(b, "PnL subscriptions", Integer.toString(d.pnlSubscriptions()));
        });
    line(b, "reconnects", Long.toString(s.reconnects()));
    details.ifPresent(d -> line(b, "attempts", Long.toString(d.attempts())));
    line(b, "last error", s.lastError().map(IbkrStatusCommand::describe).orElse("-"));
    rejected.ifPresent(r -> line(b, "rejected config", r));
    return b.toString();
  }

  private static String describe(ConnectionError e) {
    return e.message() + " (at " + e.at() + ")";
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("  %-18s %s%n", label, value));
  }
}
