package org.tradeplatform.position.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.Result.Status;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.ConnectionStatusService;
import org.tradeplatform.position.api.PositionRepository;

class PresenceCheckTest {

  @Test
  void nothingRegisteredIsCriticalNamingEachMissingService() {
    Result result = new PresenceCheck().execute();
    assertThat(result.getStatus()).isEqualTo(Status.CRITICAL);
    assertThat(result.toString())
        .contains("sync status")
        .contains("position repository")
        .contains("connection status service");
  }

  @Test
  void everythingRegisteredIsOkAndAnUnbindIsCriticalAgain() {
    PresenceCheck check = new PresenceCheck();
    Doubles.SyncStatus sync = new Doubles.SyncStatus(Map.of());
    PositionRepository repository =
        (PositionRepository)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {PositionRepository.class},
                (p, m, a) -> {
                  throw new UnsupportedOperationException();
                });
    ConnectionStatusService connections = List::of;
    check.bindSyncStatus(sync);
    check.bindRepository(repository);
    check.bindConnections(connections);
    assertThat(check.execute().getStatus()).isEqualTo(Status.OK);

    check.unbindSyncStatus(sync);
    Result result = check.execute();
    assertThat(result.getStatus()).isEqualTo(Status.CRITICAL);
    assertThat(result.toString()).contains("sync status").contains("missing since");
  }
}
