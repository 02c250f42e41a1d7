package org.tradeplatform.position.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.BrokerSession;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.cluster.api.FencingToken;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.SyncTrigger;

class FencedRepositoryTest {

  private final InMemoryPositionRepository repository =
      new InMemoryPositionRepository(Instant::now);

  @Test
  void aLeasedSessionsWritesAllCarryItsToken() {
    PositionRepository fenced =
        FencedRepository.forSession(
            repository,
            Map.of(
                BrokerSession.BROKER_ID, "gw",
                FencingToken.EPOCH_PROPERTY, 4L,
                FencingToken.NODE_PROPERTY, "node-b"));

    fenced.applySnapshot(
        PositionSnapshot.collect("gw", Set.of("DU1")).complete(Instant.now()), SyncTrigger.BIND);
    fenced.apply("gw", List.of(), SyncTrigger.CALLBACK);
    fenced.applyPnl(List.of());

    assertThat(repository.fences)
        .containsOnly(Optional.of(new FencingToken("gw", 4, "node-b")))
        .hasSize(3);
  }

  @Test
  void aSessionWithoutLeaseWritesUnfenced() {
    assertThat(FencedRepository.forSession(repository, Map.of(BrokerSession.BROKER_ID, "gw")))
        .isSameAs(repository);
  }
}
