package org.tradeplatform.positionsync.itests;

import java.util.Map;

/** The DS components of the {@code position-sync} feature and the state each reaches. */
final class ExpectedComponents {
  private ExpectedComponents() {}

  static final Map<String, String> STATES = Map.of();
}
