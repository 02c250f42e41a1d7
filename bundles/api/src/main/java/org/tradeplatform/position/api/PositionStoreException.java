package org.tradeplatform.position.api;

import org.jspecify.annotations.Nullable;

/** The store could not apply or read positions; nothing of the failed call was written. */
public class PositionStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PositionStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
