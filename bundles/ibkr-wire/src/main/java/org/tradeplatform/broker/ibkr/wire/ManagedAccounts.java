package org.tradeplatform.broker.ibkr.wire;

import java.util.List;
import java.util.Objects;

/**
 * MANAGED_ACCTS (id 15): the accounts this login manages, comma-separated on the wire.
 *
 * @param accounts the account codes, in the server's order, without blanks
 */
public record ManagedAccounts(List<String> accounts) implements ServerMessage {

  public ManagedAccounts {
    accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts"));
  }

  /** Splits the wire form {@code DU1,DU2}; blanks and surrounding spaces are dropped. */
  public static ManagedAccounts parse(String accountsList) {
    if (accountsList == null) {
      return new ManagedAccounts(List.of());
    }
    return new ManagedAccounts(
        java.util.Arrays.stream(accountsList.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList());
  }

  /** The wire form, accounts joined by commas. */
  public String accountsList() {
    return String.join(",", accounts);
  }

  @Override
  public int messageId() {
    return IncomingMessage.MANAGED_ACCTS.id();
  }
}
