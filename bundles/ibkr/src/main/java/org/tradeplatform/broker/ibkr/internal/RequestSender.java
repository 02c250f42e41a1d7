package org.tradeplatform.broker.ibkr.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.tradeplatform.broker.ibkr.wire.ClientRequest;

/**
 * Writes the requests of one socket: every request passes the connection's rate limiter, and writes
 * are serialised by one send lock, so a sequence written in one {@link #batch} reaches the gateway
 * without another request in between.
 *
 * <p>Thread-safe: the lifecycle thread and {@code positions()} callers send concurrently.
 */
final class RequestSender {

  /** Permits per window that background requests leave to positions requests. */
  static final int FOREGROUND_RESERVE = 10;

  private static final Duration BACKGROUND_PAUSE = Duration.ofMillis(20);

  /** Writes inside a {@link #batch}. */
  interface Sink {
    void send(ClientRequest request) throws IOException, InterruptedException;
  }

  /** A sequence of requests written under the send lock. */
  interface Batch {
    void write(Sink sink) throws IOException, InterruptedException;
  }

  private final GatewaySocket socket;
  private final RequestRateLimiter limiter;
  private final BooleanSupplier stopping;
  private final Object sendLock = new Object();

  /**
   * @param stopping true once the connection is being closed: background requests then give up
   *     instead of waiting for the pacing window
   */
  RequestSender(GatewaySocket socket, RequestRateLimiter limiter, BooleanSupplier stopping) {
    this.socket = socket;
    this.limiter = limiter;
    this.stopping = stopping;
  }

  /** Sends one request, waiting for the rate limiter if needed. */
  void send(ClientRequest request) throws IOException, InterruptedException {
    synchronized (sendLock) {
      sendLocked(request);
    }
  }

  /** Runs {@code batch} under the send lock; each of its requests passes the rate limiter. */
  void batch(Batch batch) throws IOException, InterruptedException {
    synchronized (sendLock) {
      batch.write(this::sendLocked);
    }
  }

  /**
   * Sends a request that may wait (a PnL subscription): it takes a permit only while {@link
   * #FOREGROUND_RESERVE} remain for positions requests, and waits without holding the send lock, so
   * fifty subscriptions after a connect never delay a snapshot by a second.
   */
  void sendInBackground(ClientRequest request) throws IOException, InterruptedException {
    while (!limiter.tryAcquireLeaving(FOREGROUND_RESERVE)) {
      if (stopping.getAsBoolean()) {
        // deactivation must not wait for the pacing window of requests nobody needs any more
        throw new InterruptedIOException("deactivated");
      }
      Thread.sleep(BACKGROUND_PAUSE.toMillis());
    }
    synchronized (sendLock) {
      socket.write(request);
    }
  }

  private void sendLocked(ClientRequest request) throws IOException, InterruptedException {
    limiter.acquire();
    socket.write(request);
  }
}
