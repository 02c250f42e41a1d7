package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Reads the NUL-terminated fields of one frame payload, in order, with IB's conventions: an empty
 * field is 0 for numbers and {@code null} for strings; unset sentinels become {@code null}. Every
 * malformed field is a {@link ProtocolException}; nothing else escapes. Work is linear in the
 * payload, and no field allocates more than its own length.
 */
final class FieldReader {
  /**
   * Longest numeric field we parse. Java prints any double in at most 24 characters; a decimal
   * within the scale limit prints in under 200. The bound keeps parsing cost linear.
   */
  private static final int MAX_NUMBER_LENGTH = 200;

  /** Decimal quantities beyond this scale or precision are nonsense and costly to print. */
  private static final int MAX_DECIMAL_SCALE = 64;

  private static final byte[] LONG_MAX = ascii(Long.toString(Long.MAX_VALUE));
  private static final byte[] INT_MAX = ascii(Integer.toString(Integer.MAX_VALUE));
  private static final byte[] DOUBLE_MAX = ascii(Double.toString(Double.MAX_VALUE));

  /** Exact powers of ten as doubles (10^22 is the largest exactly representable one). */
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private final byte[] buf;
  private final int end;
  private int pos;
  // Bounds of the field most recently located by next().
  private int fieldStart;
  private int fieldEnd;

  FieldReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** True when at least one more terminated field follows. */
  boolean hasField() {
    for (int i = pos; i < end; i++) {
      if (buf[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** Locates the next field; sets fieldStart/fieldEnd and returns its length. */
  private int next(String what) throws ProtocolException {
    int i = pos;
    byte[] b = buf;
    int e = end;
    while (i < e) {
      if (b[i] == 0) {
        fieldStart = pos;
        fieldEnd = i;
        pos = i + 1;
        return i - fieldStart;
      }
      i++;
    }
    throw new ProtocolException("frame ends before field '" + what + "'");
  }

  /** Skips one field. */
  void skip(String what) throws ProtocolException {
    next(what);
  }

  /** A string; an empty field is {@code null}. Bytes are UTF-8 (ASCII in practice). */
  String readString(String what) throws ProtocolException {
    int len = next(what);
    return len == 0 ? null : new String(buf, fieldStart, len, StandardCharsets.UTF_8);
  }

  /** A plain int; an empty field is 0. */
  int readInt(String what) throws ProtocolException {
    long v = readLong(what);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new ProtocolException("field '" + what + "' out of int range: " + v);
    }
    return (int) v;
  }

  /** A plain long; an empty field is 0. */
  long readLong(String what) throws ProtocolException {
    int len = next(what);
    if (len == 0) {
      return 0;
    }
    int i = fieldStart;
    boolean negative = false;
    if (buf[i] == '-' || buf[i] == '+') {
      negative = buf[i] == '-';
      i++;
      if (i == fieldEnd) {
        throw malformed(what);
      }
    }
    if (fieldEnd - i > 19) {
      throw malformed(what);
    }
    long v = 0;
    for (; i < fieldEnd; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9) {
        throw malformed(what);
      }
      // Accumulate negatively so that Long.MIN_VALUE fits; detect overflow before it happens.
      if (v < (Long.MIN_VALUE + d) / 10) {
        throw malformed(what);
      }
      v = v * 10 - d;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        throw malformed(what);
      }
      v = -v;
    }
    return v;
  }

  /** A boolean sent as an int: any non-zero value is true. */
  boolean readBoolean(String what) throws ProtocolException {
    return readLong(what) != 0;
  }

  /**
   * A double read like IB's {@code readDouble}: an empty field is 0.0. The unset sentinel ({@code
   * 1.7976931348623157E308}) becomes {@code null}.
   */
  Double readDouble(String what) throws ProtocolException {
    int len = next(what);
    if (len == 0) {
      return 0.0;
    }
    if (len > MAX_NUMBER_LENGTH) {
      throw malformed(what);
    }
    if (equalsField(DOUBLE_MAX)) {
      return null;
    }
    double fast = parseSimpleDouble();
    if (!Double.isNaN(fast)) {
      return fast;
    }
    String text = new String(buf, fieldStart, len, StandardCharsets.ISO_8859_1);
    try {
      double d = Double.parseDouble(text);
      return d == Double.MAX_VALUE ? null : d;
    } catch (NumberFormatException e) {
      throw new ProtocolException("field '" + what + "' is not a number: " + text, e);
    }
  }

  /**
   * Parses {@code [-]digits[.digits]} with at most 15 significant digits exactly (both operands of
   * the division are exact doubles, and IEEE division rounds correctly); NaN when the field has any
   * other shape, so the caller falls back to {@link Double#parseDouble}.
   */
  private double parseSimpleDouble() {
    int i = fieldStart;
    boolean negative = buf[i] == '-';
    if (negative) {
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fractionDigits = 0;
    boolean dot = false;
    for (; i < fieldEnd; i++) {
      byte c = buf[i];
      if (c >= '0' && c <= '9') {
        if (mantissa != 0 || c != '0') {
          digits++;
        }
        mantissa = mantissa * 10 + (c - '0');
        if (dot) {
          fractionDigits++;
        }
        if (digits > 15 || fractionDigits >= POW10.length) {
          return Double.NaN;
        }
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return Double.NaN;
      }
    }
    int start = negative ? fieldStart + 1 : fieldStart;
    if (i == start || (dot && fieldEnd - start == 1)) {
      return Double.NaN; // "-", "." or "-." : let parseDouble reject them
    }
    double value = fractionDigits == 0 ? mantissa : mantissa / POW10[fractionDigits];
    return negative ? -value : value;
  }

  /**
   * A decimal quantity read like IB's {@code readDecimal}: empty, {@code Long.MAX_VALUE}, {@code
   * Integer.MAX_VALUE} and {@code Double.MAX_VALUE} are unset ({@code null}); commas are ignored.
   */
  BigDecimal readDecimal(String what) throws ProtocolException {
    int len = next(what);
    if (len == 0) {
      return null;
    }
    if (len > MAX_NUMBER_LENGTH) {
      throw malformed(what);
    }
    if (equalsField(INT_MAX) || equalsField(LONG_MAX) || equalsField(DOUBLE_MAX)) {
      return null;
    }
    BigDecimal fast = parseSimpleDecimal();
    if (fast != null) {
      return fast;
    }
    String text = new String(buf, fieldStart, len, StandardCharsets.ISO_8859_1).replace(",", "");
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new ProtocolException("field '" + what + "' is not a decimal: " + text, e);
    }
    // Judged by value, not by spelling: "7.36E+73" and its 74-digit plain form (which our encoder
    // writes) are the same number and must both be accepted or both refused.
    BigDecimal normal = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    if (normal.scale() > MAX_DECIMAL_SCALE
        || normal.scale() < -MAX_DECIMAL_SCALE
        || normal.precision() > MAX_DECIMAL_SCALE) {
      throw new ProtocolException("field '" + what + "' out of range: " + text);
    }
    return value;
  }

  /** {@code [-]digits[.digits]} with at most 18 digits, without going through a String. */
  private BigDecimal parseSimpleDecimal() {
    int i = fieldStart;
    boolean negative = buf[i] == '-';
    if (negative) {
      i++;
    }
    int start = i;
    long unscaled = 0;
    int digits = 0;
    int scale = 0;
    boolean dot = false;
    for (; i < fieldEnd; i++) {
      byte c = buf[i];
      if (c >= '0' && c <= '9') {
        if (++digits > 18) {
          return null;
        }
        unscaled = unscaled * 10 + (c - '0');
        if (dot) {
          scale++;
        }
      } else if (c == '.' && !dot && i > start && i + 1 < fieldEnd) {
        dot = true;
      } else {
        return null;
      }
    }
    if (digits == 0) {
      return null;
    }
    return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
  }

  private boolean equalsField(byte[] expected) {
    if (fieldEnd - fieldStart != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (buf[fieldStart + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private ProtocolException malformed(String what) {
    int len = Math.min(fieldEnd - fieldStart, MAX_NUMBER_LENGTH);
    return new ProtocolException(
        "field '"
            + what
            + "' is not a number: "
            + new String(buf, fieldStart, len, StandardCharsets.ISO_8859_1));
  }
}
