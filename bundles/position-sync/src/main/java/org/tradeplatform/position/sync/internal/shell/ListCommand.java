package org.tradeplatform.position.sync.internal.shell;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.StoredPosition;

/**
 * {@code position:list [account] [--closed] [--exact] [--at time]}: the stored positions, now or
 * then.
 */
@Service
@Command(scope = "position", name = "list", description = "Lists the stored positions")
public class ListCommand implements Action {

  @Reference PositionRepository repository;

  @Argument(
      index = 0,
      name = "account",
      description = "Only this account; every account when omitted",
      required = false)
  String account;

  @Option(name = "--closed", description = "Include closed positions", required = false)
  boolean closed;

  @Option(
      name = "--exact",
      description =
          "Print every stored value as it is (by default money is rounded to the currency's minor"
              + " units and average cost to 6 decimals)",
      required = false)
  boolean exact;

  @Option(
      name = "--at",
      description =
          "Positions the table held at this time: an ISO-8601 instant or a local date-time (JVM"
              + " zone)",
      required = false)
  String at;

  PrintStream out = System.out;
  ZoneId zone = ZoneId.systemDefault();

  @Override
  public Object execute() {
    if (at != null) {
      return listAsOf();
    }
    List<StoredPosition> positions =
        account == null ? repository.allPositions(closed) : repository.positions(account, closed);
    out.print(PositionTable.format(positions, exact));
    return null;
  }

  private Object listAsOf() {
    if (closed) {
      throw new IllegalArgumentException("--closed does not apply with --at: closed is not held");
    }
    Instant instant = TimeArgument.parse("--at", at, zone);
    out.println("As of " + TimeArgument.echo(at, instant, zone));
    out.print(AsOfTable.format(repository, instant, Optional.ofNullable(account)));
    return null;
  }
}
