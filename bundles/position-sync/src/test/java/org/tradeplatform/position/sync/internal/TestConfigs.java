package org.tradeplatform.position.sync.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds {@link PositionSyncConfig} instances as DS would: defaults, overridden by properties. */
final class TestConfigs {
  private TestConfigs() {}

  static PositionSyncConfig config(Map<String, Object> properties) {
    return (PositionSyncConfig)
        Proxy.newProxyInstance(
            PositionSyncConfig.class.getClassLoader(),
            new Class<?>[] {PositionSyncConfig.class},
            (proxy, method, args) -> {
              if (method.getName().equals("annotationType")) {
                return PositionSyncConfig.class;
              }
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> "PositionSyncConfig" + properties;
                };
              }
              return properties.getOrDefault(method.getName(), method.getDefaultValue());
            });
  }

  static SyncSettings settings(Map<String, Object> properties) {
    return SyncSettings.from(config(properties));
  }
}
