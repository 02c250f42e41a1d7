package org.tradeplatform.broker.ibkr.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads length-prefixed frames from a stream: a 4-byte big-endian length, then that many payload
 * bytes. A length above {@link #MAX_FRAME_LENGTH} is refused before anything is allocated, and the
 * payload buffer grows only as bytes actually arrive, so a peer that announces 16 MiB and sends
 * nothing costs at most {@link #INITIAL_CHUNK} bytes.
 *
 * <p>Not thread-safe: one reader thread per connection. Give it a buffered stream (for example
 * {@code new BufferedInputStream(socket.getInputStream())}), and use that same stream for the
 * handshake.
 */
public final class FrameReader {
  /** Bytes of the length prefix. */
  public static final int HEADER_LENGTH = 4;

  /** Largest payload IB's reader accepts (16 MiB − 1). */
  public static final int MAX_FRAME_LENGTH = 0xFFFFFF;

  /** First allocation for a large frame; doubled as data keeps arriving. */
  static final int INITIAL_CHUNK = 64 * 1024;

  private final InputStream in;
  private final byte[] header = new byte[HEADER_LENGTH];

  public FrameReader(InputStream in) {
    this.in = in;
  }

  /**
   * Reads the next frame's payload (without the length prefix).
   *
   * @return the payload, or {@code null} when the stream ended cleanly between two frames
   * @throws ProtocolException when the length is out of range or the stream ends inside a frame
   * @throws IOException when the stream fails
   */
  public byte[] readFrame() throws IOException {
    int got = readFully(header, 0, HEADER_LENGTH);
    if (got == 0) {
      return null;
    }
    if (got < HEADER_LENGTH) {
      throw new ProtocolException("stream ended inside a frame's length prefix");
    }
    long length = lengthOf(header, 0);
    if (length > MAX_FRAME_LENGTH) {
      throw new ProtocolException(
          "frame length " + length + " exceeds the limit of " + MAX_FRAME_LENGTH + " bytes");
    }
    return readPayload((int) length);
  }

  /** Reads {@code length} bytes, growing the buffer only as data arrives. */
  byte[] readPayload(int length) throws IOException {
    byte[] payload = new byte[Math.min(length, INITIAL_CHUNK)];
    int filled = 0;
    while (filled < length) {
      if (filled == payload.length) {
        payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
      }
      int n = in.read(payload, filled, payload.length - filled);
      if (n < 0) {
        throw new ProtocolException(
            "stream ended inside a frame: " + filled + " of " + length + " bytes read");
      }
      filled += n;
    }
    return payload;
  }

  /** The unsigned big-endian int at {@code offset}. */
  static long lengthOf(byte[] b, int offset) {
    return ((b[offset] & 0xFFL) << 24)
        | ((b[offset + 1] & 0xFF) << 16)
        | ((b[offset + 2] & 0xFF) << 8)
        | (b[offset + 3] & 0xFF);
  }

  private int readFully(byte[] b, int off, int len) throws IOException {
    int filled = 0;
    while (filled < len) {
      int n = in.read(b, off + filled, len - filled);
      if (n < 0) {
        return filled;
      }
      filled += n;
    }
    return filled;
  }

  /** Reads exactly {@code len} bytes or fails with an {@link EOFException}. */
  static void readExactly(InputStream in, byte[] b, int len, String what) throws IOException {
    int filled = 0;
    while (filled < len) {
      int n = in.read(b, filled, len - filled);
      if (n < 0) {
        throw new EOFException("stream ended inside " + what);
      }
      filled += n;
    }
  }
}
