package org.tradeplatform.position.api;

/** EventAdmin topics and property names posted by the sync component after each commit. */
public final class PositionEvents {
  private PositionEvents() {}

  /** One changed position. Properties: account, conId, symbol, oldQuantity, newQuantity, kind. */
  public static final String CHANGED = "org/tradeplatform/position/CHANGED";

  /** One committed sync. Properties: brokerId, trigger, inserted, updated, closed, unchanged. */
  public static final String SYNCED = "org/tradeplatform/position/SYNCED";

  public static final String ACCOUNT = "account";
  public static final String CON_ID = "conId";
  public static final String SYMBOL = "symbol";
  public static final String OLD_QUANTITY = "oldQuantity";
  public static final String NEW_QUANTITY = "newQuantity";
  public static final String KIND = "kind";
  public static final String BROKER_ID = "brokerId";
  public static final String TRIGGER = "trigger";
  public static final String INSERTED = "inserted";
  public static final String UPDATED = "updated";
  public static final String CLOSED = "closed";
  public static final String UNCHANGED = "unchanged";
}
