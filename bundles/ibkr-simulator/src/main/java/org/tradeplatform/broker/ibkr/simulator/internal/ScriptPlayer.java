package org.tradeplatform.broker.ibkr.simulator.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tradeplatform.broker.ibkr.simulator.api.GatewaySimulator;
import org.tradeplatform.broker.ibkr.simulator.api.ScriptedTrade;

/** Fills a script of trades in order at a fixed rate, on its own thread while it plays. */
final class ScriptPlayer {
  private final GatewaySimulator gateway;
  private final Deque<ScriptedTrade> pending = new ArrayDeque<>();
  private Thread thread;
  private long intervalNanos;

  ScriptPlayer(GatewaySimulator gateway) {
    this.gateway = gateway;
  }

  synchronized void play(List<ScriptedTrade> script, double tradesPerSecond) {
    if (!(tradesPerSecond > 0) || Double.isInfinite(tradesPerSecond)) {
      throw new IllegalArgumentException(
          "tradesPerSecond must be positive, was " + tradesPerSecond);
    }
    pending.clear();
    pending.addAll(script);
    intervalNanos = (long) (1e9 / tradesPerSecond);
    if (thread == null && !pending.isEmpty()) {
      Thread t = new Thread(this::run, "ibkr-sim-script");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  synchronized int remaining() {
    return pending.size();
  }

  void stop() {
    Thread t;
    synchronized (this) {
      pending.clear();
      t = thread;
    }
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
      while (true) {
        ScriptedTrade next;
        long interval;
        synchronized (this) {
          next = pending.poll();
          interval = intervalNanos;
          if (next == null) {
            thread = null;
            return;
          }
        }
        gateway.trade(next.account(), next.contract(), next.quantity(), next.price());
        TimeUnit.NANOSECONDS.sleep(interval);
      }
    } catch (InterruptedException e) {
      synchronized (this) {
        thread = null;
      }
    }
  }
}
