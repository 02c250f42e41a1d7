package org.tradeplatform.position.sync.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.broker.api.PositionPnl;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.position.api.PositionHistoryEntry;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionsAsOf;
import org.tradeplatform.position.api.StoredPosition;
import org.tradeplatform.position.api.SyncResult;
import org.tradeplatform.position.api.SyncRun;
import org.tradeplatform.position.api.SyncTrigger;

/**
 * The repository as one leased session writes to it: every write carries the lease token the
 * session was registered with, so a write of a node that lost the lease is refused by the database.
 * Stateless apart from the token; thread-safe as the repository is.
 */
final class FencedRepository implements PositionRepository {

  private final PositionRepository repository;
  private final FencingToken token;

  private FencedRepository(PositionRepository repository, FencingToken token) {
    this.repository = repository;
    this.token = token;
  }

  /**
   * The repository for the session with these service properties: fenced by its {@link
   * FencingToken#EPOCH_PROPERTY} if it has one (lease mode), the repository itself otherwise.
   */
  static PositionRepository forSession(
      PositionRepository repository, Map<String, ?> sessionProperties) {
    Object epoch = sessionProperties.get(FencingToken.EPOCH_PROPERTY);
    if (!(epoch instanceof Number number)) {
      return repository;
    }
    Object node = sessionProperties.get(FencingToken.NODE_PROPERTY);
    return new FencedRepository(
        repository,
        new FencingToken(
            String.valueOf(sessionProperties.get(BrokerSession.BROKER_ID)),
            number.longValue(),
            node == null ? "unknown" : node.toString()));
  }

  @Override
  public SyncResult applySnapshot(
      PositionSnapshot snapshot, SyncTrigger trigger, Optional<FencingToken> ignored) {
    return repository.applySnapshot(snapshot, trigger, Optional.of(token));
  }

  @Override
  public SyncResult apply(
      String brokerId,
      Collection<Position> changes,
      SyncTrigger trigger,
      Optional<FencingToken> ignored) {
    return repository.apply(brokerId, changes, trigger, Optional.of(token));
  }

  @Override
  public int applyPnl(Collection<PositionPnl> pnl, Optional<FencingToken> ignored) {
    return repository.applyPnl(pnl, Optional.of(token));
  }

  @Override
  public List<StoredPosition> positions(String account, boolean includeClosed) {
    return repository.positions(account, includeClosed);
  }

  @Override
  public List<StoredPosition> allPositions(boolean includeClosed) {
    return repository.allPositions(includeClosed);
  }

  @Override
  public Optional<StoredPosition> position(String account, long conId) {
    return repository.position(account, conId);
  }

  @Override
  public void recordFailedSync(
      String brokerId, SyncTrigger trigger, Instant startedAt, String error) {
    repository.recordFailedSync(brokerId, trigger, startedAt, error);
  }

  @Override
  public List<SyncRun> syncRuns(int limit) {
    return repository.syncRuns(limit);
  }

  @Override
  public PositionsAsOf positionsAsOf(Instant at, Optional<String> account, int offset, int limit) {
    return repository.positionsAsOf(at, account, offset, limit);
  }

  @Override
  public List<PositionHistoryEntry> history(PositionKey key, Instant from, Instant to) {
    return repository.history(key, from, to);
  }
}
