package org.tradeplatform.broker.ibkr.wire;

import java.nio.charset.StandardCharsets;

/** Test helper: payloads written as text with '|' standing for NUL. */
final class Frames {
  private Frames() {}

  static byte[] payload(String pipeText) {
    return pipeText.replace('|', '\0').getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] frame) {
    return new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8).replace('\0', '|');
  }
}
