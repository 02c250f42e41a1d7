package org.tradeplatform.broker.ibkr.wire;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one frame: a 4-byte big-endian length, then NUL-terminated fields. A {@code null} value is
 * an empty field, except for doubles, where the server's unset sentinel is written.
 */
final class FieldWriter {
  private static final byte[] DOUBLE_MAX =
      Double.toString(Double.MAX_VALUE).getBytes(StandardCharsets.US_ASCII);

  private byte[] buf;
  private int pos = FrameReader.HEADER_LENGTH; // room for the length prefix

  FieldWriter() {
    this(128);
  }

  FieldWriter(int capacity) {
    buf = new byte[Math.max(capacity, 16)];
  }

  private void ensure(int extra) {
    if (pos + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
    }
  }

  private void terminate() {
    ensure(1);
    buf[pos++] = 0;
  }

  FieldWriter writeInt(long value) {
    ensure(21);
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        return writeAscii(Long.toString(value));
      }
      buf[pos++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    for (int i = pos + digits - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    pos += digits;
    terminate();
    return this;
  }

  FieldWriter writeBoolean(boolean value) {
    return writeInt(value ? 1 : 0);
  }

  /** A double as Java prints it ({@code 150.25}, {@code 0.0}, {@code 1.0E-4}); null is unset. */
  FieldWriter writeDouble(Double value) {
    if (value == null) {
      return writeBytes(DOUBLE_MAX);
    }
    return writeAscii(Double.toString(value));
  }

  /** A decimal in plain notation without trailing zeros, as IB prints quantities; null is empty. */
  FieldWriter writeDecimal(BigDecimal value) {
    if (value == null) {
      terminate();
      return this;
    }
    BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    return writeAscii(stripped.toPlainString());
  }

  /** A field known to be ASCII (numbers, our own constants). */
  private FieldWriter writeAscii(String s) {
    int n = s.length();
    ensure(n + 1);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
    terminate();
    return this;
  }

  private FieldWriter writeBytes(byte[] bytes) {
    ensure(bytes.length + 1);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
    terminate();
    return this;
  }

  /**
   * A string as written by IB's client, which refuses anything outside printable ASCII, TAB, LF and
   * CR (its error 579): a NUL inside a field would shift every following field.
   */
  FieldWriter writeClientString(String what, String s) {
    if (s == null) {
      terminate();
      return this;
    }
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!(c >= 0x20 && c <= 0x7E) && c != '\t' && c != '\n' && c != '\r') {
        throw new IllegalArgumentException(
            "invalid character U+"
                + String.format("%04X", (int) c)
                + " in "
                + what
                + " (IB client error 579)");
      }
    }
    return writeAscii(s);
  }

  /**
   * A string as the server writes it: UTF-8, with NUL (which would split the field) replaced by a
   * space. {@code escapeNonAscii} writes characters above 0x7F as {@code \\uXXXX}, as TWS does in
   * error text.
   */
  FieldWriter writeServerString(String s, boolean escapeNonAscii) {
    if (s == null) {
      terminate();
      return this;
    }
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n && ascii; i++) {
      char c = s.charAt(i);
      ascii = c != 0 && c < 0x80;
    }
    if (ascii) {
      return writeAscii(s);
    }
    if (escapeNonAscii) {
      StringBuilder escaped = new StringBuilder(n + 16);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c == 0) {
          escaped.append(' ');
        } else if (c < 0x80) {
          escaped.append(c);
        } else {
          escaped.append(String.format("\\u%04x", (int) c));
        }
      }
      return writeAscii(escaped.toString());
    }
    return writeBytes(s.replace('\0', ' ').getBytes(StandardCharsets.UTF_8));
  }

  /** Fills in the length prefix and returns the complete frame. */
  byte[] toFrame() {
    int length = pos - FrameReader.HEADER_LENGTH;
    if (length > FrameReader.MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException(
          "frame of " + length + " bytes exceeds " + FrameReader.MAX_FRAME_LENGTH);
    }
    buf[0] = (byte) (length >>> 24);
    buf[1] = (byte) (length >>> 16);
    buf[2] = (byte) (length >>> 8);
    buf[3] = (byte) length;
    return Arrays.copyOf(buf, pos);
  }
}
