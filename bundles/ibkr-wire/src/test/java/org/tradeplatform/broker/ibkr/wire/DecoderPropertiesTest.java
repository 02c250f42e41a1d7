package org.tradeplatform.broker.ibkr.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The decoders face a hostile or broken peer: random bytes and mutations of valid frames only ever
 * yield a decoded message, a skipped frame or a {@link ProtocolException} — never another
 * exception, never an allocation beyond the frame limit, never a hang (all work is linear in the
 * frame). 11,500 tries in all.
 */
class DecoderPropertiesTest {
  private static final int[] VERSIONS = {135, 153, 165, 166, 187, 194, 200};

  /** Valid payloads to mutate: every golden frame plus our encodings of the subset. */
  private static final List<byte[]> VALID_PAYLOADS = validPayloads();

  private static List<byte[]> validPayloads() {
    List<byte[]> list = new ArrayList<>();
    GoldenVectors.ALL.stream()
        .filter(v -> !v.get("message").asText().equals("HANDSHAKE"))
        .forEach(v -> list.add(GoldenVectors.payload(v)));
    ServerEncoder encoder = new ServerEncoder(194);
    byte[] error = encoder.encode(new ErrorMessage(-1, 2104, "OK", null, 1L));
    list.add(Arrays.copyOfRange(error, 4, error.length));
    return List.copyOf(list);
  }

  // ---- server decoder -------------------------------------------------------------------------

  @Property(tries = 3000)
  void randomFieldSoupDecodesOrFailsCleanly(
      @ForAll("fieldSoup") byte[] payload, @ForAll("versions") int serverVersion) {
    decodeServerCleanly(serverVersion, payload);
  }

  /**
   * A quantity in exponent form with few significant digits but 74 integer digits: jqwik found that
   * the decoder accepted it while the encoder's plain form of it was refused on the way back; both
   * forms are the same number and must be judged alike.
   */
  @Example
  void hugeExponentQuantityRoundTripsLikeItsPlainForm() {
    byte[] payload =
        "95\u00000\u0000-7.359815406941026E+73\u00001.5\u00002.5\u000013.43\u00000.0\u0000"
            .getBytes(StandardCharsets.US_ASCII);
    decodeServerCleanly(187, payload);
  }

  @Property(tries = 1500)
  void randomBytesDecodeOrFailCleanly(
      @ForAll @Size(max = 300) byte[] payload, @ForAll("versions") int serverVersion) {
    decodeServerCleanly(serverVersion, payload);
  }

  @Property(tries = 3500)
  void mutatedValidFramesDecodeOrFailCleanly(
      @ForAll("mutatedPayloads") byte[] payload, @ForAll("versions") int serverVersion) {
    decodeServerCleanly(serverVersion, payload);
  }

  /**
   * Decodes and, when that succeeds, re-encodes the result and decodes that again: our encoder must
   * only produce frames our decoder accepts.
   */
  private static void decodeServerCleanly(int serverVersion, byte[] payload) {
    ServerMessage message;
    try {
      message = new ServerDecoder(serverVersion).decode(payload);
    } catch (ProtocolException expected) {
      return;
    }
    assertThat(message).isNotNull();
    if (message instanceof SkippedMessage) {
      return;
    }
    // The conversions to the API either succeed or say why with IllegalArgumentException.
    try {
      if (message instanceof PositionData p) {
        assertThat(p.toPosition().account()).isEqualTo(p.account());
      } else if (message instanceof PositionMulti p) {
        assertThat(p.toPosition().account()).isEqualTo(p.account());
      } else if (message instanceof PortfolioValue p) {
        assertThat(p.toPositionPnl(java.time.Instant.EPOCH).conId())
            .isEqualTo(p.contract().conId());
      }
    } catch (IllegalArgumentException expected) {
      // an unusable row: the client logs and ignores it
    }
    byte[] frame = new ServerEncoder(serverVersion).encode(message);
    assertThat(frame.length).isLessThanOrEqualTo(4 + FrameReader.MAX_FRAME_LENGTH);
    try {
      ServerMessage again =
          new ServerDecoder(serverVersion).decode(Arrays.copyOfRange(frame, 4, frame.length));
      assertThat(again.messageId()).isEqualTo(message.messageId());
    } catch (ProtocolException e) {
      throw new AssertionError("our own encoding of " + message + " does not decode", e);
    }
  }

  // ---- client decoder (simulator side) ---------------------------------------------------------

  @Property(tries = 1500)
  void clientDecoderDecodesOrFailsCleanly(
      @ForAll("clientSoup") byte[] payload, @ForAll("versions") int serverVersion) {
    try {
      ClientRequest request = new ClientDecoder(serverVersion).decode(payload);
      assertThat(request).isNotNull();
    } catch (ProtocolException expected) {
      // includes UnknownMessageException
    }
  }

  // ---- framing ---------------------------------------------------------------------------------

  @Property(tries = 1000)
  void randomStreamsYieldFramesOrProtocolErrors(@ForAll("streams") byte[] stream) throws Exception {
    FrameReader reader = new FrameReader(new ByteArrayInputStream(stream));
    int frames = 0;
    try {
      while (reader.readFrame() != null) {
        frames++;
        // Each frame consumes at least its 4-byte prefix, so the loop ends.
        assertThat(frames * 4).isLessThanOrEqualTo(stream.length);
      }
    } catch (ProtocolException expected) {
      // oversized length or truncated frame
    }
  }

  // ---- generators ------------------------------------------------------------------------------

  @Provide
  Arbitrary<Integer> versions() {
    return Arbitraries.of(Arrays.stream(VERSIONS).boxed().toList());
  }

  /** One field's content: numbers, sentinels, text, or raw bytes. */
  private static Arbitrary<byte[]> field() {
    Arbitrary<String> numbers =
        Arbitraries.oneOf(
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf),
            Arbitraries.bigDecimals().ofScale(6).map(BigDecimal::toPlainString),
            Arbitraries.of(
                "",
                "-",
                "+",
                ".",
                "-.",
                "2147483647",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "1.7976931348623157E308",
                "1e999999999",
                "1E-2147483649",
                "NaN",
                "Infinity",
                "0x1p3",
                "1,000",
                "\\u00e9",
                "\\u",
                "1.0E-4",
                "00000000000000000000000000000000000000001"));
    Arbitrary<String> text =
        Arbitraries.strings().withCharRange((char) 1, (char) 0x7F).ofMaxLength(20);
    Arbitrary<String> unicode = Arbitraries.strings().ofMaxLength(10);
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(20);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, numbers.map(s -> s.getBytes(StandardCharsets.ISO_8859_1))),
        net.jqwik.api.Tuple.of(3, text.map(s -> s.getBytes(StandardCharsets.US_ASCII))),
        net.jqwik.api.Tuple.of(1, unicode.map(s -> s.getBytes(StandardCharsets.UTF_8))),
        net.jqwik.api.Tuple.of(1, raw));
  }

  private static Arbitrary<byte[]> soup(List<Integer> ids) {
    Arbitrary<String> id =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.of(ids).map(String::valueOf)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().map(String::valueOf)),
            net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(3)));
    Arbitrary<List<byte[]>> fields = field().list().ofMaxSize(25);
    Arbitrary<Boolean> terminated = Arbitraries.of(true, true, true, false);
    return Combinators.combine(id, fields, terminated)
        .as(
            (i, fs, term) -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              out.writeBytes(i.getBytes(StandardCharsets.UTF_8));
              out.write(0);
              for (int k = 0; k < fs.size(); k++) {
                out.writeBytes(fs.get(k));
                if (term || k < fs.size() - 1) {
                  out.write(0);
                }
              }
              return out.toByteArray();
            });
  }

  @Provide
  Arbitrary<byte[]> fieldSoup() {
    return soup(Arrays.stream(IncomingMessage.values()).map(IncomingMessage::id).toList());
  }

  @Provide
  Arbitrary<byte[]> clientSoup() {
    List<Integer> ids =
        new ArrayList<>(OutgoingMessage.all().stream().map(OutgoingMessage::id).toList());
    ids.addAll(List.of(3, 4, 21, 58));
    return soup(ids);
  }

  /** A valid payload with one to three random edits. */
  @Provide
  Arbitrary<byte[]> mutatedPayloads() {
    Arbitrary<byte[]> base = Arbitraries.of(VALID_PAYLOADS);
    Arbitrary<List<Mutation>> edits = mutation().list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(base, edits)
        .as(
            (payload, ms) -> {
              byte[] p = payload.clone();
              for (Mutation m : ms) {
                p = m.apply(p);
              }
              return p;
            });
  }

  /** One edit at a relative position (0..999 per mille of the payload). */
  private record Mutation(int kind, int at, byte value, byte[] insert) {
    byte[] apply(byte[] p) {
      int i = p.length == 0 ? 0 : (int) ((long) at * p.length / 1000);
      switch (kind) {
        case 0: // flip a byte
          if (p.length > 0) {
            p[i] = value;
          }
          return p;
        case 1: // NUL in the middle of a field, or a field joined with the next
          if (p.length > 0) {
            p[i] = p[i] == 0 ? (byte) 'x' : 0;
          }
          return p;
        case 2: // truncate
          return Arrays.copyOf(p, i);
        case 3: // delete one byte
          if (p.length == 0) {
            return p;
          }
          byte[] d = new byte[p.length - 1];
          System.arraycopy(p, 0, d, 0, i);
          System.arraycopy(p, i + 1, d, i, p.length - i - 1);
          return d;
        default: // insert bytes
          byte[] n = new byte[p.length + insert.length];
          System.arraycopy(p, 0, n, 0, i);
          System.arraycopy(insert, 0, n, i, insert.length);
          System.arraycopy(p, i, n, i + insert.length, p.length - i);
          return n;
      }
    }
  }

  private static Arbitrary<Mutation> mutation() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 999),
            Arbitraries.bytes(),
            Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8),
                Arbitraries.of(
                    "9\0".getBytes(StandardCharsets.US_ASCII),
                    "\0\0\0".getBytes(StandardCharsets.US_ASCII),
                    "99999999999\0".getBytes(StandardCharsets.US_ASCII),
                    "1.7976931348623157E308\0".getBytes(StandardCharsets.US_ASCII),
                    "-\0".getBytes(StandardCharsets.US_ASCII))))
        .as(Mutation::new);
  }

  /** Byte streams: several frames, some with absurd or lying length prefixes. */
  @Provide
  Arbitrary<byte[]> streams() {
    Arbitrary<byte[]> goodFrame = Arbitraries.of(VALID_PAYLOADS).map(FrameWriter::frame);
    Arbitrary<byte[]> liar =
        Combinators.combine(
                Arbitraries.integers(), Arbitraries.bytes().array(byte[].class).ofMaxSize(50))
            .as(
                (len, body) -> {
                  byte[] b = new byte[4 + body.length];
                  b[0] = (byte) (len >>> 24);
                  b[1] = (byte) (len >>> 16);
                  b[2] = (byte) (len >>> 8);
                  b[3] = (byte) (int) len;
                  System.arraycopy(body, 0, b, 4, body.length);
                  return b;
                });
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, goodFrame),
            net.jqwik.api.Tuple.of(2, liar),
            net.jqwik.api.Tuple.of(1, noise))
        .list()
        .ofMaxSize(6)
        .map(
            parts -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              parts.forEach(out::writeBytes);
              return out.toByteArray();
            });
  }

  // ---- numeric parsing agrees with the JDK -----------------------------------------------------

  @Property(tries = 1000)
  void doublesParseLikeTheJdk(@ForAll double value) throws Exception {
    String text = Double.toString(value);
    Double parsed = readDouble(text);
    if (value == Double.MAX_VALUE) {
      assertThat(parsed).isNull();
    } else {
      assertThat(parsed).isEqualTo(Double.parseDouble(text));
    }
  }

  @Property(tries = 1000)
  void plainDecimalTextParsesLikeTheJdk(
      @ForAll @IntRange(min = 0, max = 17) int intDigits,
      @ForAll @IntRange(min = 0, max = 17) int fractionDigits,
      @ForAll long seed,
      @ForAll boolean negative)
      throws Exception {
    java.util.Random random = new java.util.Random(seed);
    StringBuilder s = new StringBuilder(negative ? "-" : "");
    s.append(random.nextInt(10));
    for (int i = 0; i < intDigits; i++) {
      s.append(random.nextInt(10));
    }
    if (fractionDigits > 0) {
      s.append('.');
      for (int i = 0; i < fractionDigits; i++) {
        s.append(random.nextInt(10));
      }
    }
    String text = s.toString();
    assertThat(readDouble(text)).isEqualTo(Double.parseDouble(text));
    BigDecimal decimal = readDecimal(text);
    if (decimal != null) {
      assertThat(decimal).isEqualTo(new BigDecimal(text));
    }
  }

  private static Double readDouble(String text) throws ProtocolException {
    byte[] b = (text + "\0").getBytes(StandardCharsets.US_ASCII);
    return new FieldReader(b, 0, b.length).readDouble("x");
  }

  private static BigDecimal readDecimal(String text) throws ProtocolException {
    byte[] b = (text + "\0").getBytes(StandardCharsets.US_ASCII);
    return new FieldReader(b, 0, b.length).readDecimal("x");
  }
}
