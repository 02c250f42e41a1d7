package org.tradeplatform.positionsync.itests;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionSyncStatus;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncStatistics;

/**
 * The whole stack with its database behind {@link FaultDatabase}: checks that tolerate the database
 * or the session being away, because the faults take them away on purpose.
 */
public abstract class FaultStackSupport extends SyncStackSupport {

  /** Multiplier of fault durations ({@code -Ditest.scale}, 1 in the test run). */
  static int scale() {
    return Math.max(1, Integer.getInteger("itest.scale", 1));
  }

  /** A fault lasting {@code seconds} in the test run, longer in the soak. */
  static Duration faultDuration(double seconds) {
    return Duration.ofMillis((long) (seconds * 1000 * scale()));
  }

  /** Open rows of the table, or null while the database or the repository is away. */
  protected Map<String, String> tableRowsOrNull() {
    PositionRepository repository = serviceOrNull(PositionRepository.class, null);
    if (repository == null) {
      return null;
    }
    try {
      return tableRows(repository.allPositions(false));
    } catch (RuntimeException e) {
      return null; // the database is unreachable right now
    }
  }

  /**
   * Converged: the session is registered with one listener of the sync component, and the table
   * holds exactly the simulator's open positions (quantity and average cost).
   */
  protected boolean converged() {
    if (sessionOrNull() == null) {
      return false;
    }
    SyncStatistics statistics = statisticsOrNull();
    if (statistics == null || statistics.registeredCallbacks() != 1) {
      return false;
    }
    Map<String, String> table = tableRowsOrNull();
    return table != null && table.equals(bookRows(simulator().book()));
  }

  /** Waits for {@link #converged()} at most {@code bound}; true if it came. */
  protected boolean awaitConverged(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!converged()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(Duration.ofMillis(100));
    }
    return true;
  }

  /** Waits for {@link #converged()}, failing with both sides of the comparison. */
  protected void assertConverges(String after, Duration bound) {
    if (!awaitConverged(bound)) {
      throw new AssertionError(
          "not converged within "
              + bound
              + " after "
              + after
              + "\nsession registered: "
              + (sessionOrNull() != null)
              + ", statistics: "
              + statisticsOrNull()
              + "\nbook:  "
              + bookRows(simulator().book())
              + "\ntable: "
              + tableRowsOrNull());
    }
  }

  /** Keys closed in the table although the simulator holds them open. */
  protected Set<String> closedInTableButOpenAtBroker() {
    Set<String> open = bookRows(simulator().book()).keySet();
    Set<String> wrong = new TreeSet<>();
    for (StoredPosition stored : repository().allPositions(true)) {
      String key =
          FaultCloseRecorder.key(stored.position().account(), stored.position().contract().conId());
      if (stored.isClosed() && open.contains(key)) {
        wrong.add(key);
      }
    }
    return wrong;
  }

  /** Statistics summed over every session the sync component saw (survives rebinds). */
  protected SyncStatistics total() {
    return syncStatus().total();
  }

  /** The current status service, or null while the sync component is not active. */
  protected PositionSyncStatus syncStatusOrNull() {
    return serviceOrNull(PositionSyncStatus.class, null);
  }

  static String key(SimulatedPosition position) {
    return FaultCloseRecorder.key(position.account(), position.contract().conId());
  }

  /** The simulator's current row of {@code key}, or null when flat. */
  static SimulatedPosition row(GatewaySimulator simulator, String key) {
    for (SimulatedPosition p : simulator.book()) {
      if (key(p).equals(key)) {
        return p;
      }
    }
    return null;
  }
}
