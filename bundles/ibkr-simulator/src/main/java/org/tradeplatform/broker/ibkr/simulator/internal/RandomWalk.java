package org.tradeplatform.broker.ibkr.simulator.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.SimulatedContract;

/**
 * Random trading at a configurable rate: each tick moves one price by up to 1 % and fills a random
 * quantity of a random instrument in a random account. Seeded, so a run can be repeated.
 */
final class RandomWalk {
  static final List<SimulatedContract> UNIVERSE =
      List.of(
          SimulatedContract.stock(265598, "AAPL", "USD"),
          SimulatedContract.stock(272093, "MSFT", "USD"),
          SimulatedContract.stock(76792991, "TSLA", "USD"),
          SimulatedContract.stock(3691937, "AMZN", "USD"),
          SimulatedContract.stock(4815747, "NVDA", "USD"),
          SimulatedContract.stock(208813720, "GOOG", "USD"));

  private final GatewaySimulator gateway;
  private final Random random;
  private final double[] prices = {190, 410, 250, 180, 120, 170};
  private Thread thread;
  private volatile double rate;

  RandomWalk(GatewaySimulator gateway, long seed) {
    this.gateway = gateway;
    this.random = new Random(seed);
  }

  synchronized void setRate(double tradesPerSecond) {
    if (tradesPerSecond < 0 || Double.isNaN(tradesPerSecond)) {
      throw new IllegalArgumentException("rate must not be negative");
    }
    rate = tradesPerSecond;
    if (tradesPerSecond == 0) {
      stop();
    } else if (thread == null) {
      Thread t = new Thread(this::run, "ibkr-sim-random-walk");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  synchronized void stop() {
    Thread t = thread;
    thread = null;
    rate = 0;
    if (t != null) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        double r = rate;
        if (r <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.sleep((long) (1e9 / r));
        tick();
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  /** One random trade. */
  void tick() {
    int i = random.nextInt(UNIVERSE.size());
    prices[i] = Math.max(1, prices[i] * (1 + (random.nextDouble() - 0.5) * 0.02));
    List<String> accounts = gateway.accounts();
    String account = accounts.get(random.nextInt(accounts.size()));
    BigDecimal quantity = BigDecimal.valueOf((random.nextInt(21) - 10) * 10L);
    if (random.nextInt(5) == 0) {
      quantity = quantity.add(new BigDecimal("0.5")); // IB positions are fractional for some stocks
    }
    BigDecimal price = BigDecimal.valueOf(prices[i]).setScale(2, RoundingMode.HALF_UP);
    if (quantity.signum() == 0) {
      gateway.setMarketPrice(UNIVERSE.get(i).conId(), price);
    } else {
      gateway.trade(account, UNIVERSE.get(i), quantity, price);
    }
  }
}
