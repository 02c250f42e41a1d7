package org.tradeplatform.position.sync.internal;

/** A configuration value the component refuses; the message names the property. */
final class InvalidConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String property;

  InvalidConfigurationException(String property, String problem) {
    super(property + ": " + problem);
    this.property = property;
  }

  /** The name of the refused property. */
  String property() {
    return property;
  }
}
