package org.tradeplatform.cluster.lease.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PooledDataSourceRefusalTest {

  @Test
  void aPaxJdbcDataSourceWithAPoolIsRefusedWithTheReason() {
    assertThatThrownBy(
            () ->
                GatewayLeasesComponent.refusePooled(
                    Map.of("pool", "hikari", "dataSourceName", "positions"),
                    new PGSimpleDataSource()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the lease DataSource positions is pooled (pool=hikari)")
        .hasMessageContaining("without 'pool'");
  }

  @Test
  void aPlainDriverDataSourceIsAccepted() {
    assertThatCode(
            () ->
                GatewayLeasesComponent.refusePooled(
                    Map.of("dataSourceName", "positions-lease"), new PGSimpleDataSource()))
        .doesNotThrowAnyException();
  }
}
