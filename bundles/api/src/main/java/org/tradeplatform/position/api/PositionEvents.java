package org.tradeplatform.position.api;

/**
 * EventAdmin topics and property names posted by the sync component after each commit, with {@code
 * postEvent} (asynchronous). Nothing is posted for a failed or abandoned sync; use a {@link
 * SyncObserver} to see those.
 */
public final class PositionEvents {
  private PositionEvents() {}

  /**
   * One changed position. Properties: {@link #BROKER_ID}, {@link #ACCOUNT}, {@link #CON_ID}, {@link
   * #SYMBOL}, {@link #OLD_QUANTITY} (absent for a new row), {@link #NEW_QUANTITY}, {@link #KIND}.
   */
  public static final String CHANGED = "org/tradeplatform/position/CHANGED";

  /**
   * One committed sync. Properties: {@link #BROKER_ID}, {@link #TRIGGER}, {@link #INSERTED}, {@link
   * #UPDATED}, {@link #CLOSED}, {@link #UNCHANGED}.
   */
  public static final String SYNCED = "org/tradeplatform/position/SYNCED";

  /** {@code String}: the broker account. */
  public static final String ACCOUNT = "account";

  /** {@code Long}: the broker's contract id. */
  public static final String CON_ID = "conId";

  /** {@code String}: the contract's symbol. */
  public static final String SYMBOL = "symbol";

  /** {@code BigDecimal}: the quantity stored before; absent when the row is new. */
  public static final String OLD_QUANTITY = "oldQuantity";

  /** {@code BigDecimal}: the quantity stored now; zero when closed. */
  public static final String NEW_QUANTITY = "newQuantity";

  /** {@code String}: a {@link PositionChange.Kind} name. */
  public static final String KIND = "kind";

  /** {@code String}: the session's {@code broker.id}; on both topics. */
  public static final String BROKER_ID = "brokerId";

  /** {@code String}: a {@link SyncTrigger} name. */
  public static final String TRIGGER = "trigger";

  /** {@code Integer}: rows inserted. */
  public static final String INSERTED = "inserted";

  /** {@code Integer}: rows updated, reopened ones included. */
  public static final String UPDATED = "updated";

  /** {@code Integer}: rows closed. */
  public static final String CLOSED = "closed";

  /** {@code Integer}: positions already stored as reported. */
  public static final String UNCHANGED = "unchanged";
}
