package org.tradeplatform.position.sync.internal.shell;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.PositionHistoryEntry;
import org.tradeplatform.position.api.PositionRepository;

/**
 * {@code position:history <account> <conId> [--since time]}: the quantity changes of a position.
 */
@Service
@Command(
    scope = "position",
    name = "history",
    description = "Lists the recorded quantity changes of one position, oldest first")
public class HistoryCommand implements Action {

  @Reference PositionRepository repository;

  @Argument(index = 0, name = "account", description = "The account", required = true)
  String account;

  @Argument(index = 1, name = "conId", description = "The contract id", required = true)
  long conId;

  @Option(
      name = "--since",
      description =
          "Only changes from this time on: an ISO-8601 instant or a local date-time (JVM zone)",
      required = false)
  String since;

  PrintStream out = System.out;
  ZoneId zone = ZoneId.systemDefault();

  @Override
  public Object execute() {
    PositionKey key = new PositionKey(account, conId);
    Instant from = Instant.EPOCH;
    if (since != null) {
      from = TimeArgument.parse("--since", since, zone);
      out.println("Since " + TimeArgument.echo(since, from, zone));
    }
    // to the far future: a change committed while the command runs is included
    List<PositionHistoryEntry> changes = repository.history(key, from, Instant.MAX);
    if (changes.isEmpty()) {
      out.println("No recorded changes of " + account + "/" + conId);
      return null;
    }
    TextTable table =
        new TextTable("Changed at", "Old", "New", "Avg cost", "Trigger", "Sync run", "Id");
    for (PositionHistoryEntry change : changes) {
      table.row(
          change.changedAt(),
          change.oldQuantity().map(BigDecimal::toPlainString).orElse("(opened)"),
          change.newQuantity().toPlainString(),
          change.averageCost().map(BigDecimal::toPlainString).orElse(null),
          change.trigger().map(Enum::name).orElse(null),
          change.syncRunId(),
          change.id());
    }
    out.print(table);
    return null;
  }
}
