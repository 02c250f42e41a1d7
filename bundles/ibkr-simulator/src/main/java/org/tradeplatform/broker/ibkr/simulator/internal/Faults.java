package org.tradeplatform.broker.ibkr.simulator.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tradeplatform.broker.ibkr.simulator.api.FaultInjector;
import org.tradeplatform.broker.ibkr.simulator.api.MalformedFrame;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;

/**
 * Fault injection: drops, cut answers, IB codes, malformed frames, stalls and refused client ids.
 * The request handler asks it whether an answer is cut ({@link #takeCut}) and whether a client id
 * is refused ({@link #refusesClientId}); client writers wait out a stall.
 *
 * <p>Armed faults are guarded by the simulator's lock; the stall deadline is volatile.
 */
final class Faults implements FaultInjector {
  private final Object lock;
  private final Supplier<List<ClientSession>> clients;
  private final Runnable dropAll;
  private final String firstAccount;
  private final Map<Integer, Integer> rejectedClientIds = new HashMap<>();
  private int cutAfterRows;
  private int cutsLeft;
  private volatile long stallUntilNanos;
  private volatile boolean closed;

  Faults(
      Object lock, Supplier<List<ClientSession>> clients, Runnable dropAll, String firstAccount) {
    this.lock = lock;
    this.clients = clients;
    this.dropAll = dropAll;
    this.firstAccount = firstAccount;
  }

  // ------------------------------------------------------------------ asked by the simulator

  /** The rows the next answer may send before it is cut; empty when it is not cut. Under lock. */
  OptionalInt takeCut() {
    if (cutsLeft == 0) {
      return OptionalInt.empty();
    }
    cutsLeft--;
    return OptionalInt.of(cutAfterRows);
  }

  /** True when this handshake of {@code clientId} must get 326; counts it. Under lock. */
  boolean refusesClientId(int clientId) {
    int left = rejectedClientIds.getOrDefault(clientId, 0);
    if (left > 0) {
      rejectedClientIds.put(clientId, left - 1);
      return true;
    }
    return false;
  }

  /** Blocks a client writer while a stall lasts. */
  void awaitStallEnd() throws InterruptedException {
    long left;
    while ((left = stallUntilNanos - System.nanoTime()) > 0 && !closed) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
    }
  }

  /** Ends any stall: the simulator is closing. */
  void close() {
    closed = true;
  }

  // ------------------------------------------------------------------ FaultInjector

  @Override
  public void dropConnections() {
    dropAll.run();
  }

  @Override
  public void dropAfterSnapshotRows(int rows, int answers) {
    if (rows < 0 || answers < 0) {
      throw new IllegalArgumentException("rows and answers must not be negative");
    }
    synchronized (lock) {
      cutAfterRows = rows;
      cutsLeft = answers;
    }
  }

  @Override
  public void sendError(int code, String message) {
    synchronized (lock) {
      for (ClientSession c : clients.get()) {
        if (c.isServing()) {
          if (code == 1101) {
            // "data lost": like the real gateway, every subscription of the client is gone
            c.positionsSubscribed = false;
            c.positionsMulti.clear();
            c.accountUpdates = java.util.Optional.empty();
            c.pnlSingle.clear();
          }
          c.send(new ErrorMessage(ErrorMessage.NO_REQUEST, code, message));
        }
      }
    }
  }

  @Override
  public void announcePortReset(int newPort) {
    sendError(
        1300,
        "TWS socket port has been reset and this connection is being dropped. Please reconnect on"
            + " the new port - "
            + newPort);
    synchronized (lock) {
      clients.get().forEach(ClientSession::closeAfterQueued);
    }
  }

  @Override
  public void sendMalformedFrame(MalformedFrame kind) {
    byte[] frame =
        switch (kind) {
          case OVERSIZED_LENGTH ->
              ByteBuffer.allocate(8)
                  .putInt(0x7FFF_FFF0)
                  .put("61\0".getBytes(StandardCharsets.US_ASCII))
                  .put((byte) 0)
                  .array();
          case GARBLED_NUMBER ->
              frame(
                  "61\0"
                      + "3\0"
                      + firstAccount
                      + "\0notanumber\0AAPL\0STK\0\0"
                      + "0.0\0\0\0NASDAQ\0USD\0AAPL\0NMS\0"
                      + "100\0"
                      + "1.0\0");
          case MISSING_TERMINATOR -> frame("62\0" + "1");
        };
    synchronized (lock) {
      for (ClientSession c : clients.get()) {
        if (c.isServing()) {
          c.sendRaw(frame);
        }
      }
    }
  }

  private static byte[] frame(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
  }

  @Override
  public void stall(Duration duration) {
    stallUntilNanos = System.nanoTime() + duration.toNanos();
  }

  @Override
  public void rejectClientId(int clientId, int connections) {
    synchronized (lock) {
      rejectedClientIds.put(clientId, connections);
    }
  }
}
