package org.tradeplatform.bench.fuzz;

/** How a fuzzed frame was made from a valid one. */
enum Mutation {
  /** The valid frame as our encoder writes it (the control group). */
  VALID,
  /** Cut short anywhere, inside the length prefix or the payload. */
  TRUNCATED,
  /** A length prefix above {@code FrameReader.MAX_FRAME_LENGTH}. */
  OVERSIZED_LENGTH,
  /** One field replaced by text that is no number. */
  NON_NUMERIC_FIELD,
  /** One field emptied. */
  EMPTY_FIELD,
  /** Trailing fields dropped. */
  TOO_FEW_FIELDS,
  /** Random fields appended. */
  TOO_MANY_FIELDS,
  /** The message id replaced by one we do not decode. */
  UNKNOWN_ID,
  /** Bytes that are not UTF-8 inserted into a field. */
  INVALID_UTF8,
  /** A NUL inserted inside a field (it splits into two). */
  EMBEDDED_NUL,
  /** Random bytes after a valid message id. */
  RANDOM_BYTES
}
