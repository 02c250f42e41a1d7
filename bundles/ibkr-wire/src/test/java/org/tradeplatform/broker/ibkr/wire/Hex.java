package org.tradeplatform.broker.ibkr.wire;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Hex dumps as written in the fact sheet ("00 00 00 05 36 31 00 31 00"). */
final class Hex {
  private Hex() {}

  static byte[] decode(String spaced) {
    String compact = spaced.replaceAll("\\s+", "");
    return HexFormat.of().parseHex(compact);
  }

  static String encode(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
