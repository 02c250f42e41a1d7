package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.HeldPosition;
import org.tradeplatform.position.api.PositionHistoryEntry;
import org.tradeplatform.position.api.PositionsAsOf;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * Positions as of an instant and the history of a position, against PostgreSQL: a seeded sequence
 * of opens, changes, closes and reopens, queried at every boundary and compared with a replay kept
 * by the test.
 */
class AsOfQueryTest extends RepositoryTestSupport {

  private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant FAR_AHEAD = Instant.parse("2100-01-01T00:00:00Z");
  private static final List<String> ACCOUNTS = List.of("DU1", "DU2", "DU3");

  /** The test's replay: what the table holds after one step, and when that step wrote. */
  record Boundary(Instant changedAt, Map<PositionKey, String> held) {}

  @Test
  void seededSequenceMatchesTheReplayAtEveryBoundary() throws Exception {
    Random random = new Random(20261202L);
    Map<PositionKey, String> held = new TreeMap<>();
    Map<PositionKey, List<String>> expectedHistory = new TreeMap<>();
    List<Boundary> boundaries = new ArrayList<>();
    for (int step = 0; step < 40; step++) {
      String account = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
      SyncResult result;
      SyncTrigger trigger;
      Map<PositionKey, String> before = new TreeMap<>(held);
      if (random.nextInt(4) == 0) {
        // a complete snapshot of one account: what it leaves out is closed
        trigger = SyncTrigger.PERIODIC;
        List<Position> rows = new ArrayList<>();
        held.keySet().removeIf(k -> k.account().equals(account));
        for (long conId = 1; conId <= 5; conId++) {
          if (random.nextBoolean()) {
            String quantity = String.valueOf(1 + random.nextInt(20));
            rows.add(position(account, conId, "SYM" + conId, quantity, averageCost(quantity)));
            held.put(new PositionKey(account, conId), quantity);
          }
        }
        result =
            repository.applySnapshot(
                snapshot(Set.of(account), rows.toArray(Position[]::new)), trigger);
      } else {
        trigger = SyncTrigger.CALLBACK;
        long conId = 1 + random.nextInt(5);
        String quantity = random.nextInt(3) == 0 ? "0" : String.valueOf(random.nextInt(20) - 10);
        PositionKey key = new PositionKey(account, conId);
        if (quantity.equals("0")) {
          held.remove(key);
        } else {
          held.put(key, quantity);
        }
        result =
            repository.apply(
                "gw1",
                List.of(position(account, conId, "SYM" + conId, quantity, averageCost(quantity))),
                trigger);
      }
      recordExpectedHistory(before, held, trigger, expectedHistory);
      Optional<Instant> changedAt = changedAtOfRun(result.syncRunId());
      changedAt.ifPresent(at -> boundaries.add(new Boundary(at, new TreeMap<>(held))));
    }
    assertThat(boundaries).hasSizeGreaterThan(20);

    assertThat(asOf(boundaries.get(0).changedAt().minus(1, ChronoUnit.MICROS), Optional.empty()))
        .as("before the first change nothing was held")
        .isEmpty();
    for (int i = 0; i < boundaries.size(); i++) {
      Boundary boundary = boundaries.get(i);
      assertThat(asOf(boundary.changedAt(), Optional.empty()))
          .as("as of boundary %d (%s)", i, boundary.changedAt())
          .isEqualTo(boundary.held());
      Map<PositionKey, String> previous = i == 0 ? Map.of() : boundaries.get(i - 1).held();
      assertThat(asOf(boundary.changedAt().minus(1, ChronoUnit.MICROS), Optional.empty()))
          .as("just before boundary %d", i)
          .isEqualTo(previous);
      for (String account : i % 4 == 0 ? ACCOUNTS : List.<String>of()) {
        Map<PositionKey, String> ofAccount = new TreeMap<>(boundary.held());
        ofAccount.keySet().removeIf(k -> !k.account().equals(account));
        assertThat(asOf(boundary.changedAt(), Optional.of(account)))
            .as("account %s as of boundary %d", account, i)
            .isEqualTo(ofAccount);
      }
    }
    for (Map.Entry<PositionKey, List<String>> e : expectedHistory.entrySet()) {
      assertThat(repository.history(e.getKey(), LONG_AGO, FAR_AHEAD))
          .extracting(AsOfQueryTest::describe)
          .as("history of %s", e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void pagesAreOrderedByAccountAndContractAndSayWhetherMoreFollow() {
    repository.applySnapshot(
        snapshot(
            Set.of("DU1", "DU2"),
            position("DU2", 1, "1"),
            position("DU1", 3, "3"),
            position("DU1", 2, "0"),
            position("DU1", 1, "1")),
        SyncTrigger.BIND);
    Instant now = Instant.now().plusSeconds(1);

    PositionsAsOf first = repository.positionsAsOf(now, Optional.empty(), 0, 2);
    PositionsAsOf last = repository.positionsAsOf(now, Optional.empty(), 2, 2);

    assertThat(first.positions())
        .extracting(h -> h.position().key().toString())
        .containsExactly(
            new PositionKey("DU1", 1).toString(), new PositionKey("DU1", 3).toString());
    assertThat(first.more()).isTrue();
    assertThat(last.positions())
        .extracting(h -> h.position().key())
        .containsExactly(new PositionKey("DU2", 1));
    assertThat(last.more()).isFalse();
    assertThat(last.offset()).isEqualTo(2);
    HeldPosition held = first.positions().get(0);
    assertThat(held.trigger()).contains(SyncTrigger.BIND);
    assertThat(held.position().averageCost()).isEqualByComparingTo("10");
    assertThat(held.position().contract().symbol()).isEqualTo("SYM1");
    assertThatThrownBy(() -> repository.positionsAsOf(now, Optional.empty(), -1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> repository.positionsAsOf(now, Optional.empty(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> repository.history(new PositionKey("DU1", 1), FAR_AHEAD, LONG_AGO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before its start");
  }

  @Test
  void historyRangeIsHalfOpen() throws Exception {
    SyncResult open =
        repository.apply("gw1", List.of(position("DU1", 1, "5")), SyncTrigger.CALLBACK);
    SyncResult change =
        repository.apply("gw1", List.of(position("DU1", 1, "7")), SyncTrigger.CALLBACK);
    Instant opened = changedAtOfRun(open.syncRunId()).orElseThrow();
    Instant changed = changedAtOfRun(change.syncRunId()).orElseThrow();

    PositionKey key = new PositionKey("DU1", 1);
    assertThat(repository.history(key, opened, changed))
        .extracting(AsOfQueryTest::describe)
        .containsExactly("null->5 CALLBACK 10");
    assertThat(repository.history(key, changed, FAR_AHEAD))
        .extracting(AsOfQueryTest::describe)
        .containsExactly("5->7 CALLBACK 10");
    assertThat(repository.history(key, changed, FAR_AHEAD).get(0).syncRunId())
        .isEqualTo(change.syncRunId());
  }

  /**
   * History times are taken after the account lock: a write that waited for another writer's lock
   * carries a time after that writer let go, not its own transaction start.
   */
  @Test
  void changeTimeIsTakenAfterTheAccountLock() throws Exception {
    Instant released;
    CompletableFuture<SyncResult> waiting;
    try (Connection blocker = dataSource.getConnection()) {
      blocker.setAutoCommit(false);
      try (Statement s = blocker.createStatement()) {
        s.execute(
            "select pg_advisory_xact_lock("
                + PostgresPositionRepository.LOCK_NAMESPACE
                + ", hashtext('DU1'))");
      }
      waiting =
          CompletableFuture.supplyAsync(
              () ->
                  repository.apply("gw1", List.of(position("DU1", 1, "5")), SyncTrigger.CALLBACK));
      awaitLockWaiter();
      try (Statement s = blocker.createStatement();
          ResultSet rs = s.executeQuery("select clock_timestamp()")) {
        rs.next();
        released = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
      }
      blocker.commit();
    }
    SyncResult result = waiting.get(30, TimeUnit.SECONDS);

    assertThat(changedAtOfRun(result.syncRunId()).orElseThrow()).isAfter(released);
  }

  /** The history lines the replay expects for the step from {@code before} to {@code after}. */
  private static void recordExpectedHistory(
      Map<PositionKey, String> before,
      Map<PositionKey, String> after,
      SyncTrigger trigger,
      Map<PositionKey, List<String>> history) {
    Set<PositionKey> keys = new java.util.TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (PositionKey key : keys) {
      String old = before.get(key);
      String now = after.getOrDefault(key, "0");
      List<String> lines = history.computeIfAbsent(key, k -> new ArrayList<>());
      String oldText = old != null ? old : lines.isEmpty() ? "null" : "0";
      if (!oldText.equals(now) && !(oldText.equals("null") && now.equals("0"))) {
        // a complete snapshot closes a missing position keeping its stored average cost; a
        // streamed close carries the one reported with quantity zero
        String cost =
            now.equals("0") && trigger.isFullReconcile() ? averageCost(oldText) : averageCost(now);
        lines.add(oldText + "->" + now + " " + trigger + " " + cost);
      }
    }
  }

  /** Average cost as a function of quantity, so the replay knows what each change recorded. */
  private static String averageCost(String quantity) {
    return String.valueOf(100 + Math.abs(Integer.parseInt(quantity)));
  }

  private static String describe(PositionHistoryEntry e) {
    return e.oldQuantity().map(BigDecimal::toPlainString).orElse("null")
        + "->"
        + e.newQuantity().toPlainString()
        + " "
        + e.trigger().map(Enum::name).orElse("?")
        + " "
        + e.averageCost().map(BigDecimal::toPlainString).orElse("?");
  }

  /** Every held position at {@code at}, read in pages of four: key to plain quantity. */
  private Map<PositionKey, String> asOf(Instant at, Optional<String> account) {
    Map<PositionKey, String> held = new TreeMap<>();
    int offset = 0;
    PositionsAsOf page;
    do {
      page = repository.positionsAsOf(at, account, offset, 4);
      for (HeldPosition h : page.positions()) {
        held.put(h.position().key(), h.position().quantity().toPlainString());
        assertThat(h.heldSince()).isPresent();
        assertThat(h.heldSince().orElseThrow()).isBeforeOrEqualTo(at);
      }
      offset += page.positions().size();
    } while (page.more());
    return held;
  }

  /** When the run wrote its history rows; empty when it changed no quantity. */
  static Optional<Instant> changedAtOfRun(long runId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select min(changed_at), max(changed_at) from position_history"
                    + " where sync_run_id = ?")) {
      statement.setLong(1, runId);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        java.time.OffsetDateTime min = rs.getObject(1, java.time.OffsetDateTime.class);
        java.time.OffsetDateTime max = rs.getObject(2, java.time.OffsetDateTime.class);
        assertThat(min).as("one change time per transaction").isEqualTo(max);
        return Optional.ofNullable(min).map(java.time.OffsetDateTime::toInstant);
      }
    }
  }

  private static void awaitLockWaiter() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "select count(*) from pg_locks where locktype = 'advisory' and not granted")) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the repository never waited for the account lock");
  }
}
