package org.tradeplatform.cluster.lease.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.cluster.api.GatewayLease;
import org.tradeplatform.cluster.api.LeaseListener;
import org.tradeplatform.cluster.api.LeaseState;
import org.tradeplatform.cluster.api.LeaseStatus;
import org.tradeplatform.cluster.lease.internal.LeaseSession.LeaseRow;

/**
 * This node's claim on one gateway's lease in PostgreSQL: a worker thread takes, renews and
 * releases the lease on a dedicated {@link LeaseSession}; a watchdog on another thread fences the
 * holder when its {@link FencingDeadline} passes, however stuck the worker is.
 *
 * <p>Concurrency: the worker thread owns the session, the lock flag and the pause; {@code held} is
 * changed only under {@code callbacks}, which also keeps listener calls one at a time and in order.
 * The watchdog touches the session only to {@linkplain LeaseSession#abort() abort} it.
 */
final class PostgresGatewayLease implements GatewayLease {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresGatewayLease.class);

  private final String brokerId;
  private final LeaseSettings settings;
  private final DataSource dataSource;
  private final LeaseListener listener;
  private final ScheduledExecutorService watchdog;
  private final LongSupplier nanoClock;
  private final Clock wallClock;
  private final Runnable onClosed;
  private final FencingDeadline deadline;
  private final ScheduledExecutorService worker;
  private final Object callbacks = new Object();

  private Optional<FencingToken> held = Optional.empty();
  private volatile LeaseStatus status;
  private volatile Optional<LeaseSession> session = Optional.empty();
  private volatile boolean closed;
  private boolean lockHeld;
  private long pauseUntilNanos;

  PostgresGatewayLease(
      String brokerId,
      LeaseSettings settings,
      DataSource dataSource,
      LeaseListener listener,
      ScheduledExecutorService watchdog,
      LongSupplier nanoClock,
      Clock wallClock,
      Runnable onClosed) {
    this.brokerId = brokerId;
    this.settings = settings;
    this.dataSource = dataSource;
    this.listener = listener;
    this.watchdog = watchdog;
    this.nanoClock = nanoClock;
    this.wallClock = wallClock;
    this.onClosed = onClosed;
    this.deadline = new FencingDeadline(nanoClock, settings.validity());
    this.pauseUntilNanos = nanoClock.getAsLong();
    this.status =
        new LeaseStatus(
            brokerId,
            LeaseState.STANDBY,
            wallClock.instant(),
            Optional.empty(),
            OptionalLong.empty(),
            Optional.empty());
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "gateway-lease-" + brokerId);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts competing: the first attempt runs at once. */
  void start() {
    worker.execute(this::tick);
  }

  @Override
  public String brokerId() {
    return brokerId;
  }

  @Override
  public LeaseStatus status() {
    return status;
  }

  @Override
  public Optional<FencingToken> token() {
    synchronized (callbacks) {
      return deadline.passed() ? Optional.empty() : held;
    }
  }

  @Override
  public void release() {
    if (!closed) {
      worker.execute(() -> releaseLock("released by this node", pauseAfterRelease()));
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Future<?> done =
        worker.submit(
            () -> {
              releaseLock("the claim was closed", Duration.ZERO);
              session.ifPresent(LeaseSession::close);
              session = Optional.empty();
              setStatus(LeaseState.CLOSED, status.holder(), status.epoch(), Optional.empty());
            });
    try {
      done.get(settings.renewTimeout().toMillis() * 2 + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the worker is stuck on the network: drop the socket, the server releases the lock
      session.ifPresent(LeaseSession::abort);
      held.ifPresent(t -> lose(t, "the claim was closed"));
    } finally {
      worker.shutdownNow();
      onClosed.run();
    }
  }

  /** Runs {@code task} on the worker thread, after what is queued (tests stall the worker). */
  void onWorker(Runnable task) {
    worker.execute(task);
  }

  /** One step of the worker: take, renew or wait; reschedules itself. */
  private void tick() {
    if (closed) {
      return;
    }
    Duration next = settings.retryInterval();
    try {
      LeaseSession current = session.isPresent() ? session.get() : openSession();
      if (lockHeld) {
        renew(current);
        next = settings.renewInterval();
      } else if (nanoClock.getAsLong() - pauseUntilNanos >= 0 && compete(current)) {
        next = settings.renewInterval();
      }
    } catch (SQLException e) {
      dropSession(describe(e));
    } catch (RuntimeException e) {
      LOG.error("Lease of {}: unexpected failure", brokerId, e);
      dropSession(e.toString());
    }
    if (!closed) {
      worker.schedule(this::tick, next.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private LeaseSession openSession() throws SQLException {
    LeaseSession opened = LeaseSession.open(dataSource, brokerId, settings);
    session = Optional.of(opened);
    return opened;
  }

  /** Tries to take the lease; true if this node now holds it. */
  private boolean compete(LeaseSession current) throws SQLException {
    long sent = nanoClock.getAsLong();
    if (!current.tryLock()) {
      LeaseRow row = current.read();
      if (status.state() != LeaseState.STANDBY || !status.holder().equals(row.holder())) {
        LOG.info(
            "Lease of {} held by {} (epoch {}): {} stays STANDBY",
            brokerId,
            row.holder().orElse("another node"),
            row.epoch(),
            settings.nodeId());
      }
      setStatus(LeaseState.STANDBY, row.holder(), OptionalLong.of(row.epoch()), status.lastError());
      return false;
    }
    lockHeld = true;
    long epoch = current.take(settings.nodeId());
    deadline.renewedAt(sent);
    FencingToken token = new FencingToken(brokerId, epoch, settings.nodeId());
    if (deadline.passed()) {
      // taking it took longer than the lease is valid: the server may release it any moment
      dropSession("taking the lease took longer than its validity");
      return false;
    }
    synchronized (callbacks) {
      held = Optional.of(token);
      setStatus(
          LeaseState.HELD,
          Optional.of(settings.nodeId()),
          OptionalLong.of(epoch),
          Optional.empty());
      LOG.info("Lease of {} taken by {} with epoch {}", brokerId, settings.nodeId(), epoch);
      notify(() -> listener.acquired(token));
    }
    watch(token);
    return true;
  }

  /** The bounded round trip that keeps the lease; a lost lock or a failure loses it. */
  private void renew(LeaseSession current) throws SQLException {
    Optional<FencingToken> token = currentToken();
    if (token.isEmpty()) {
      // the watchdog fenced this node and aborted the session; start over on a new one
      dropSession("fenced by the local deadline");
      return;
    }
    long sent = nanoClock.getAsLong();
    if (current.stillHeld()) {
      deadline.renewedAt(sent);
    } else {
      dropSession("the database no longer shows this session's lock");
    }
  }

  /** Watchdog: fences the holder of {@code token} when the deadline passes. */
  private void watch(FencingToken token) {
    if (!currentToken().equals(Optional.of(token))) {
      return;
    }
    long remaining = deadline.remainingNanos();
    if (remaining > 0) {
      watchdog.schedule(() -> watch(token), remaining, TimeUnit.NANOSECONDS);
      return;
    }
    lose(
        token,
        "no renewal confirmed within "
            + settings.validity().toMillis()
            + " ms (local deadline passed): fenced before the server may release the lease");
    session.ifPresent(LeaseSession::abort);
  }

  private Optional<FencingToken> currentToken() {
    synchronized (callbacks) {
      return held;
    }
  }

  private void lose(FencingToken token, String reason) {
    synchronized (callbacks) {
      if (!held.equals(Optional.of(token))) {
        return;
      }
      held = Optional.empty();
      setStatus(
          LeaseState.STANDBY,
          Optional.of(token.nodeId()),
          OptionalLong.of(token.epoch()),
          Optional.of(reason));
      LOG.warn("Lease of {} (epoch {}) lost: {}", brokerId, token.epoch(), reason);
      notify(() -> listener.lost(token, reason));
    }
  }

  /** Worker: gives the lock back explicitly and waits {@code pause} before competing again. */
  private void releaseLock(String reason, Duration pause) {
    currentToken().ifPresent(t -> lose(t, reason));
    if (lockHeld && session.isPresent()) {
      try {
        session.get().unlock();
        lockHeld = false;
      } catch (SQLException e) {
        dropSession(describe(e));
      }
    }
    pauseUntilNanos = nanoClock.getAsLong() + pause.toNanos();
  }

  /** Worker: the session is unusable; lose the lease and start over on a new session. */
  private void dropSession(String reason) {
    currentToken().ifPresent(t -> lose(t, "database session lost: " + reason));
    session.ifPresent(LeaseSession::abort);
    session = Optional.empty();
    lockHeld = false;
    if (!closed) {
      setStatus(LeaseState.UNREACHABLE, status.holder(), status.epoch(), Optional.of(reason));
    }
  }

  private Duration pauseAfterRelease() {
    return settings.retryInterval().multipliedBy(2);
  }

  private void setStatus(
      LeaseState state, Optional<String> holder, OptionalLong epoch, Optional<String> lastError) {
    LeaseStatus previous = status;
    status =
        new LeaseStatus(
            brokerId,
            state,
            previous.state() == state ? previous.since() : wallClock.instant(),
            holder,
            epoch,
            lastError);
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("Lease listener of {} failed", brokerId, e);
    }
  }

  private static String describe(SQLException e) {
    return e.getMessage() + " (SQLState " + e.getSQLState() + ")";
  }
}
