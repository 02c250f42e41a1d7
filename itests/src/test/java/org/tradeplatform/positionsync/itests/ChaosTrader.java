package org.tradeplatform.positionsync.itests;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedPosition;

/**
 * Seeded random trading at the simulator: buys and sells of random size (some fractional), some
 * that flatten a position, over the seeded book's instruments and a few new ones. Remembers every
 * position that was flat at the simulator at some moment, because only those may be closed in the
 * table.
 */
final class ChaosTrader {

  private static final List<SimulatedContract> NEW_INSTRUMENTS =
      List.of(
          SimulatedContract.stock(99_000_001L, "CHA", "USD"),
          SimulatedContract.stock(99_000_002L, "OSS", "EUR"),
          SimulatedContract.stock(99_000_003L, "EED", "USD"));

  private final GatewaySimulator simulator;
  private final List<String> accounts;
  private final List<SimulatedContract> contracts;
  private final Set<String> flatSeen = new HashSet<>();
  private long trades;

  ChaosTrader(GatewaySimulator simulator) {
    this.simulator = simulator;
    this.accounts = List.copyOf(simulator.accounts());
    Map<Long, SimulatedContract> byConId = new LinkedHashMap<>();
    for (SimulatedPosition p : simulator.book()) {
      byConId.putIfAbsent(p.contract().conId(), p.contract());
    }
    NEW_INSTRUMENTS.forEach(c -> byConId.putIfAbsent(c.conId(), c));
    this.contracts = new ArrayList<>(byConId.values());
  }

  /** One random fill. */
  void trade(Random random) {
    String account = accounts.get(random.nextInt(accounts.size()));
    SimulatedContract contract = contracts.get(random.nextInt(contracts.size()));
    String key = FaultCloseRecorder.key(account, contract.conId());
    SimulatedPosition current = FaultStackSupport.row(simulator, key);
    BigDecimal quantity;
    if (current != null && random.nextInt(6) == 0) {
      quantity = current.quantity().negate(); // close it
    } else {
      quantity =
          BigDecimal.valueOf((random.nextInt(20) + 1) * 10L * (random.nextBoolean() ? 1 : -1));
      if (random.nextInt(5) == 0) {
        quantity = quantity.add(new BigDecimal("0.5")); // IB positions can be fractional
      }
    }
    BigDecimal price = BigDecimal.valueOf(2_000 + random.nextInt(48_000), 2);
    SimulatedPosition after = simulator.trade(account, contract, quantity, price);
    trades++;
    if (after == null || after.isFlat()) {
      synchronized (flatSeen) {
        flatSeen.add(key);
      }
    }
  }

  /** Positions flat at the simulator at some moment since the last call; clears them. */
  Set<String> drainFlatSeen() {
    synchronized (flatSeen) {
      Set<String> result = new HashSet<>(flatSeen);
      flatSeen.clear();
      return result;
    }
  }

  long trades() {
    return trades;
  }
}
