package org.tradeplatform.broker.ibkr.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 148 frames emitted or decoded by IB's official Java client 10.30.01 (copied from
 * shared/docs/golden-vectors.json). Expected bytes come only from this file.
 */
final class GoldenVectors {
  private GoldenVectors() {}

  static final List<JsonNode> ALL = load();

  private static List<JsonNode> load() {
    try (InputStream in = GoldenVectors.class.getResourceAsStream("/golden-vectors.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<JsonNode> list = new ArrayList<>();
      root.forEach(list::add);
      return List.copyOf(list);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> direction(String direction) {
    return ALL.stream().filter(v -> v.get("direction").asText().equals(direction)).toList();
  }

  /** The complete frame of a vector. */
  static byte[] bytes(JsonNode vector) {
    return Hex.decode(vector.get("hex").asText());
  }

  /** The payload after the 4-byte length prefix. */
  static byte[] payload(JsonNode vector) {
    byte[] frame = bytes(vector);
    return Arrays.copyOfRange(frame, 4, frame.length);
  }

  static int serverVersion(JsonNode vector) {
    return vector.get("serverVersion").asInt();
  }

  static String name(JsonNode vector) {
    return vector.get("direction").asText()
        + " "
        + vector.get("message").asText()
        + " @"
        + serverVersion(vector)
        + (vector.has("note") ? " (" + vector.get("note").asText() + ")" : "");
  }
}
