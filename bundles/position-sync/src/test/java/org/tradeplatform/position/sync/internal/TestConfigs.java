package org.tradeplatform.position.sync.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds {@link PositionSyncConfig} instances as DS would: defaults, overridden by properties. One
 * exception: {@code spreadPeriodic} is off unless given, so that virtual-time tests see periodic
 * reconciles at exact multiples of the interval (the spread has tests of its own).
 */
final class TestConfigs {
  private TestConfigs() {}

  static PositionSyncConfig config(Map<String, Object> properties) {
    return shipped(
        properties.containsKey("spreadPeriodic")
            ? properties
            : with(properties, "spreadPeriodic", false));
  }

  /** Exactly as DS would build it: the annotation's defaults, overridden by properties. */
  static PositionSyncConfig shipped(Map<String, Object> properties) {
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

  private static Map<String, Object> with(
      Map<String, Object> properties, String key, Object value) {
    Map<String, Object> copy = new java.util.HashMap<>(properties);
    copy.put(key, value);
    return copy;
  }

  static SyncSettings settings(Map<String, Object> properties) {
    return SyncSettings.from(config(properties));
  }
}
