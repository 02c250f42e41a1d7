package org.tradeplatform.broker.ibkr.internal;

import java.util.Locale;

/** Where market value and PnL come from (positions always come from the positions stream). */
public enum PnlSource {
  /** REQ_PNL_SINGLE per position: TWS Portfolio window values, bounded in number. */
  PNL_SINGLE("pnlSingle"),
  /** REQ_ACCOUNT_UPDATES: TWS Account window values, one account per connection. */
  ACCOUNT_UPDATES("accountUpdates"),
  /** No PnL requests at all. */
  NONE("none");

  private final String configValue;

  PnlSource(String configValue) {
    this.configValue = configValue;
  }

  public String configValue() {
    return configValue;
  }

  /** Parses the configuration value, case-insensitively. */
  public static PnlSource parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (PnlSource s : values()) {
      if (s.configValue.toLowerCase(Locale.ROOT).equals(v)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "pnlSource must be one of pnlSingle, accountUpdates, none; was '" + value + "'");
  }
}
