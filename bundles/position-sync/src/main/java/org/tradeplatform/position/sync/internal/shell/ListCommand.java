package org.tradeplatform.position.sync.internal.shell;

import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.StoredPosition;

/** {@code position:list [account] [--closed] [--exact]}: the stored positions. */
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

  PrintStream out = System.out;

  @Override
  public Object execute() {
    List<StoredPosition> positions =
        account == null ? repository.allPositions(closed) : repository.positions(account, closed);
    out.print(PositionTable.format(positions, exact));
    return null;
  }
}
