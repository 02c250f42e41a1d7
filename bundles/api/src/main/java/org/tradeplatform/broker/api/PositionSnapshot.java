package org.tradeplatform.broker.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A complete answer of the broker to a positions request: every position of every account in {@link
 * #accounts()}, captured at {@link #capturedAt()}. An account in scope without positions is flat;
 * an account outside the scope says nothing.
 *
 * <p>Complete by construction: the only way to obtain one is a {@link Collector} whose {@link
 * Collector#complete(Instant)} is called when the broker's end marker arrives.
 */
public final class PositionSnapshot {

  private final String brokerId;
  private final Set<String> accounts;
  private final List<Position> positions;
  private final Instant capturedAt;

  private PositionSnapshot(
      String brokerId, Set<String> accounts, List<Position> positions, Instant capturedAt) {
    this.brokerId = brokerId;
    this.accounts = accounts;
    this.positions = positions;
    this.capturedAt = capturedAt;
  }

  /** Starts collecting the answer to a positions request for the given account scope. */
  public static Collector collect(String brokerId, Set<String> accounts) {
    return new Collector(brokerId, accounts);
  }

  /** The {@code broker.id} of the session that captured it. */
  public String brokerId() {
    return brokerId;
  }

  /** The account scope, sorted; includes accounts with no positions. */
  public Set<String> accounts() {
    return accounts;
  }

  /** The positions, at most one per {@link PositionKey}, in the order the broker sent them. */
  public List<Position> positions() {
    return positions;
  }

  /** When the end marker was received. */
  public Instant capturedAt() {
    return capturedAt;
  }

  /** The positions of one account in scope. */
  public List<Position> positions(String account) {
    return positions.stream().filter(p -> p.account().equals(account)).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PositionSnapshot s
        && brokerId.equals(s.brokerId)
        && accounts.equals(s.accounts)
        && positions.equals(s.positions)
        && capturedAt.equals(s.capturedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(brokerId, accounts, positions, capturedAt);
  }

  @Override
  public String toString() {
    return "PositionSnapshot[broker="
        + brokerId
        + ", accounts="
        + accounts
        + ", positions="
        + positions.size()
        + ", capturedAt="
        + capturedAt
        + "]";
  }

  /**
   * Gathers rows of a positions answer. Not thread-safe: one reader thread feeds it. A later row
   * for the same account and contract replaces the earlier one.
   */
  public static final class Collector {
    private final String brokerId;
    private final Set<String> accounts;
    private final Map<PositionKey, Position> rows = new LinkedHashMap<>();
    private boolean completed;

    private Collector(String brokerId, Set<String> accounts) {
      Objects.requireNonNull(brokerId, "brokerId");
      if (brokerId.isBlank()) {
        throw new IllegalArgumentException("brokerId must not be blank");
      }
      Objects.requireNonNull(accounts, "accounts");
      Set<String> sorted = new TreeSet<>();
      for (String account : accounts) {
        if (account == null || account.isBlank()) {
          throw new IllegalArgumentException("account scope contains a blank account: " + accounts);
        }
        sorted.add(account);
      }
      this.brokerId = brokerId;
      this.accounts = Collections.unmodifiableSet(sorted);
    }

    /**
     * Adds a row. Rows of accounts outside the scope are ignored (the broker may report accounts
     * that configuration filters out); returns whether the row was kept.
     */
    public boolean add(Position position) {
      Objects.requireNonNull(position, "position");
      if (completed) {
        throw new IllegalStateException("snapshot already completed");
      }
      if (!accounts.contains(position.account())) {
        return false;
      }
      rows.put(position.key(), position);
      return true;
    }

    /** Number of rows kept so far. */
    public int size() {
      return rows.size();
    }

    /** The broker's end marker arrived: the answer is complete. */
    public PositionSnapshot complete(Instant capturedAt) {
      Objects.requireNonNull(capturedAt, "capturedAt");
      if (completed) {
        throw new IllegalStateException("snapshot already completed");
      }
      completed = true;
      List<Position> list = Collections.unmodifiableList(new ArrayList<>(rows.values()));
      return new PositionSnapshot(brokerId, accounts, list, capturedAt);
    }
  }

  /** Keys of all positions, for quick membership tests. */
  public Set<PositionKey> keys() {
    Set<PositionKey> keys = new HashSet<>();
    for (Position p : positions) {
      keys.add(p.key());
    }
    return keys;
  }
}
