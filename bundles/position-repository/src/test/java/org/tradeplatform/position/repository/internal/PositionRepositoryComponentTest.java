package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.api.PositionSnapshot;
import org.tradeplatform.position.api.SyncTrigger;

/** The DS wrapper built by hand, as SCR would: configuration checks and lifecycle. */
class PositionRepositoryComponentTest {

  private static DataSource dataSource;

  @BeforeAll
  static void createDatabase() {
    dataSource = MigratedDatabases.migratedDatabase(PositionRepositoryComponentTest.class);
  }

  @AfterAll
  static void closeConnections() {
    MigratedDatabases.close(dataSource);
  }

  @Test
  void serviceWritesThroughTheRepositoryAndDeactivationStopsTheRetentionJob() throws Exception {
    PositionRepositoryComponent component =
        new PositionRepositoryComponent(dataSource, new SchemaReady("6"), config(500, 14, 3));
    PositionSnapshot snapshot =
        PositionSnapshot.collect("gw1", Set.of("DU9"))
            .complete(java.time.Instant.parse("2026-11-24T10:00:00Z"));
    Position position =
        new Position("DU9", Contract.stock(5, "X", "USD"), java.math.BigDecimal.TEN, null);

    component.applySnapshot(snapshot, SyncTrigger.BIND);
    component.apply("gw1", java.util.List.of(position), SyncTrigger.CALLBACK);

    assertThat(component.positions("DU9", false)).hasSize(1);
    assertThat(component.syncRuns(5)).hasSize(2);
    assertThat(component.settings().batchSize()).isEqualTo(500);
    component.deactivate();
    assertThat(component.retentionStopped()).isTrue();
  }

  @Test
  void invalidConfigurationAtActivationIsRefusedNamingTheProperty() {
    assertThatThrownBy(
            () ->
                new PositionRepositoryComponent(
                    dataSource, new SchemaReady("6"), config(0, 30, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
  }

  @Test
  void invalidModificationKeepsThePreviousSettingsAndAValidOneApplies() throws Exception {
    PositionRepositoryComponent component =
        new PositionRepositoryComponent(dataSource, new SchemaReady("6"), config(500, 14, 3));
    try {
      component.modified(config(500, 0, 3));
      assertThat(component.settings().syncRunRetentionDays()).isEqualTo(14);

      component.modified(config(250, 7, 1));
      assertThat(component.settings())
          .isEqualTo(new RepositorySettings(250, 7, java.time.Duration.ofSeconds(1)));
    } finally {
      component.deactivate();
    }
  }

  private static RepositoryConfig config(int batchSize, int retentionDays, int lockSeconds) {
    return new RepositoryConfig() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return RepositoryConfig.class;
      }

      @Override
      public String dataSource_target() {
        return PositionRepositoryComponent.DEFAULT_DATA_SOURCE_TARGET;
      }

      @Override
      public String migration_dataSource_target() {
        return PositionRepositoryComponent.DEFAULT_DATA_SOURCE_TARGET;
      }

      @Override
      public int batchSize() {
        return batchSize;
      }

      @Override
      public int syncRunRetentionDays() {
        return retentionDays;
      }

      @Override
      public int lockTimeoutSeconds() {
        return lockSeconds;
      }
    };
  }
}
