package org.tradeplatform.position.sync.internal.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.SyncResult;

/** {@code position:sync [broker]}: a full reconcile now, waiting for and printing its result. */
@Service
@Command(
    scope = "position",
    name = "sync",
    description = "Runs a full position reconcile now and prints what it changed")
public class SyncCommand implements Action {

  @Reference PositionSyncStatus status;

  @Argument(
      index = 0,
      name = "broker",
      description = "broker.id of the session to sync; every bound session when omitted",
      required = false)
  String broker;

  @Option(
      name = "--timeout",
      description = "Seconds to wait for each sync (default 120)",
      required = false)
  int timeoutSeconds = 120;

  PrintStream out = System.out;

  @Override
  public Object execute() throws InterruptedException {
    List<String> brokers =
        broker != null ? List.of(broker) : new ArrayList<>(status.sessions().keySet());
    if (brokers.isEmpty()) {
      out.println("No broker session is bound");
      return null;
    }
    for (String brokerId : brokers) {
      CompletableFuture<SyncResult> sync = status.syncNow(brokerId).toCompletableFuture();
      try {
        out.println(SyncResultText.succeeded(brokerId, sync.get(timeoutSeconds, TimeUnit.SECONDS)));
      } catch (ExecutionException e) {
        out.println(SyncResultText.failed(brokerId, e.getCause()));
      } catch (TimeoutException e) {
        out.println(
            "Sync of "
                + brokerId
                + " still running after "
                + timeoutSeconds
                + " s; see position:status");
      }
    }
    return null;
  }
}
