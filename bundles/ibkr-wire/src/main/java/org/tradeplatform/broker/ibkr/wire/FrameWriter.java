package org.tradeplatform.broker.ibkr.wire;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes complete frames (as the encoders return them, length prefix included) to a stream, one
 * frame at a time even when several threads send, and flushes after each frame.
 */
public final class FrameWriter {
  private final OutputStream out;

  public FrameWriter(OutputStream out) {
    this.out = out;
  }

  /**
   * Writes one frame.
   *
   * @param frame a complete frame from one of the encoders (or {@link Handshake#clientHello()})
   */
  public void write(byte[] frame) throws IOException {
    synchronized (this) {
      out.write(frame);
      out.flush();
    }
  }

  /** Wraps a payload (fields without the prefix) into a complete frame. */
  public static byte[] frame(byte[] payload) {
    if (payload.length > FrameReader.MAX_FRAME_LENGTH) {
      throw new IllegalArgumentException(
          "payload of " + payload.length + " bytes exceeds " + FrameReader.MAX_FRAME_LENGTH);
    }
    byte[] frame = new byte[FrameReader.HEADER_LENGTH + payload.length];
    int n = payload.length;
    frame[0] = (byte) (n >>> 24);
    frame[1] = (byte) (n >>> 16);
    frame[2] = (byte) (n >>> 8);
    frame[3] = (byte) n;
    System.arraycopy(payload, 0, frame, FrameReader.HEADER_LENGTH, n);
    return frame;
  }
}
