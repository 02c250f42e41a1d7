package org.tradeplatform.bench.fuzz;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tradeplatform.broker.api.Contract;
import org.tradeplatform.broker.ibkr.wire.AccountDownloadEnd;
import org.tradeplatform.broker.ibkr.wire.AccountUpdateTime;
import org.tradeplatform.broker.ibkr.wire.AccountValue;
import org.tradeplatform.broker.ibkr.wire.CurrentTime;
import org.tradeplatform.broker.ibkr.wire.ErrorMessage;
import org.tradeplatform.broker.ibkr.wire.FrameReader;
import org.tradeplatform.broker.ibkr.wire.IncomingMessage;
import org.tradeplatform.broker.ibkr.wire.ManagedAccounts;
import org.tradeplatform.broker.ibkr.wire.NextValidId;
import org.tradeplatform.broker.ibkr.wire.PnlSingle;
import org.tradeplatform.broker.ibkr.wire.PortfolioValue;
import org.tradeplatform.broker.ibkr.wire.PositionData;
import org.tradeplatform.broker.ibkr.wire.PositionEnd;
import org.tradeplatform.broker.ibkr.wire.PositionMulti;
import org.tradeplatform.broker.ibkr.wire.PositionMultiEnd;
import org.tradeplatform.broker.ibkr.wire.ServerEncoder;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;
import org.tradeplatform.broker.ibkr.wire.WireContract;

/**
 * Makes seeded fuzzed frames: valid frames of every message id the decoder handles, encoded at
 * several server versions, then mutated by one {@link Mutation} each. Not thread-safe.
 */
final class FrameMutator {
  static final int[] VERSIONS = {135, 165, 166, 187};
  private static final String ACCOUNT = "DU1";
  private static final byte[][] NOT_NUMBERS = {
    ascii("x"),
    ascii("1e"),
    ascii("--5"),
    ascii("NaN"),
    ascii("1.2.3"),
    ascii("0x1F"),
    ascii(" 7"),
    "\u0661\u0662".getBytes(StandardCharsets.UTF_8),
    ascii("9999999999999999999999")
  };
  private static final byte[][] NOT_UTF8 = {
    {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0x80}
  };

  /** A fuzzed frame, length prefix included. */
  record Fuzzed(Mutation mutation, int seedMessageId, int serverVersion, byte[] frame) {}

  private record Seed(int messageId, int serverVersion, byte[] payload) {}

  private final Random random;
  private final List<Seed> seeds = new ArrayList<>();

  FrameMutator(long seed) {
    this.random = new Random(seed);
    for (int version : VERSIONS) {
      ServerEncoder encoder = new ServerEncoder(version);
      for (ServerMessage m : validMessages()) {
        byte[] frame = encoder.encode(m);
        seeds.add(new Seed(m.messageId(), version, Arrays.copyOfRange(frame, 4, frame.length)));
      }
    }
  }

  /** One valid message of every id the decoder handles. */
  static List<ServerMessage> validMessages() {
    Contract aapl = Contract.stock(265598, "AAPL", "USD");
    Contract es =
        new Contract(
            620731015, "ES", "FUT", "USD", "CME", "ESZ6", "ES", "20261218", null, null, "50");
    return List.of(
        new ErrorMessage(-1, 2104, "Market data farm connection is OK:usfarm"),
        new ErrorMessage(17, 321, "Error validating request"),
        new NextValidId(1),
        new ManagedAccounts(List.of(ACCOUNT)),
        new PositionData(ACCOUNT, WireContract.forPosition(aapl), new BigDecimal("100.5"), 150.25),
        new PositionData(ACCOUNT, WireContract.forPosition(es), new BigDecimal("-2"), 5010.0),
        new PositionEnd(),
        new PositionMulti(
            11, ACCOUNT, null, WireContract.forPosition(aapl), new BigDecimal("0.0001"), 1.5),
        new PositionMultiEnd(11),
        new PortfolioValue(
            WireContract.forPortfolio(aapl),
            new BigDecimal("100"),
            151.0,
            15100.0,
            150.25,
            75.0,
            12.5,
            ACCOUNT),
        new AccountValue("NetLiquidation", "1000000", "USD", ACCOUNT),
        new AccountUpdateTime("12:30"),
        new AccountDownloadEnd(ACCOUNT),
        new PnlSingle(21, new BigDecimal("100"), 12.5, 75.0, null, 15100.0),
        new CurrentTime(1_764_000_000L));
  }

  /** The ids of {@link #validMessages()}. */
  static int[] seededIds() {
    return validMessages().stream()
        .mapToInt(ServerMessage::messageId)
        .distinct()
        .sorted()
        .toArray();
  }

  /** The next fuzzed frame; every mutation kind equally likely. */
  Fuzzed next() {
    Mutation kind = Mutation.values()[random.nextInt(Mutation.values().length)];
    return next(kind);
  }

  Fuzzed next(Mutation kind) {
    Seed seed = seeds.get(random.nextInt(seeds.size()));
    byte[] payload = seed.payload();
    byte[] frame =
        switch (kind) {
          case VALID -> frame(payload);
          case TRUNCATED -> {
            byte[] whole = frame(payload);
            yield Arrays.copyOf(whole, random.nextInt(whole.length));
          }
          case OVERSIZED_LENGTH -> {
            long length =
                FrameReader.MAX_FRAME_LENGTH + 1L + (random.nextLong() >>> 1) % 0xFF00_0000L;
            ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
            b.putInt((int) length).put(payload);
            yield b.array();
          }
          case NON_NUMERIC_FIELD ->
              replaceField(payload, NOT_NUMBERS[random.nextInt(NOT_NUMBERS.length)]);
          case EMPTY_FIELD -> replaceField(payload, new byte[0]);
          case TOO_FEW_FIELDS -> {
            List<byte[]> fields = fields(payload);
            int keep = 1 + random.nextInt(Math.max(1, fields.size() - 1));
            yield frame(join(fields.subList(0, Math.min(keep, fields.size()))));
          }
          case TOO_MANY_FIELDS -> {
            List<byte[]> fields = fields(payload);
            int extra = 1 + random.nextInt(5);
            for (int i = 0; i < extra; i++) {
              fields.add(ascii(Integer.toString(random.nextInt(1000))));
            }
            yield frame(join(fields));
          }
          case UNKNOWN_ID -> {
            List<byte[]> fields = fields(payload);
            int id;
            do {
              id = random.nextInt(300) - 10;
            } while (IncomingMessage.byId(id) != null);
            fields.set(0, ascii(Integer.toString(id)));
            yield frame(join(fields));
          }
          case INVALID_UTF8 -> insertIntoField(payload, NOT_UTF8[random.nextInt(NOT_UTF8.length)]);
          case EMBEDDED_NUL -> insertIntoField(payload, new byte[] {0});
          case RANDOM_BYTES -> {
            List<byte[]> fields = fields(payload);
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(fields.get(0));
            out.write(0);
            out.writeBytes(noise);
            yield frame(out.toByteArray());
          }
        };
    return new Fuzzed(kind, seed.messageId(), seed.serverVersion(), frame);
  }

  /** A field other than the message id, mostly: one in ten mutations hits the id. */
  private int fieldIndex(int count) {
    if (count <= 1 || random.nextInt(10) == 0) {
      return random.nextInt(count);
    }
    return 1 + random.nextInt(count - 1);
  }

  private byte[] replaceField(byte[] payload, byte[] content) {
    List<byte[]> fields = fields(payload);
    fields.set(fieldIndex(fields.size()), content);
    return frame(join(fields));
  }

  private byte[] insertIntoField(byte[] payload, byte[] inserted) {
    List<byte[]> fields = fields(payload);
    int i = fieldIndex(fields.size());
    byte[] f = fields.get(i);
    int at = random.nextInt(f.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(f, 0, at);
    out.writeBytes(inserted);
    out.write(f, at, f.length - at);
    fields.set(i, out.toByteArray());
    return frame(join(fields));
  }

  /** The NUL-terminated fields of a payload, without their terminators. */
  static List<byte[]> fields(byte[] payload) {
    List<byte[]> fields = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < payload.length; i++) {
      if (payload[i] == 0) {
        fields.add(Arrays.copyOfRange(payload, start, i));
        start = i + 1;
      }
    }
    if (start < payload.length) {
      fields.add(Arrays.copyOfRange(payload, start, payload.length));
    }
    return fields;
  }

  private static byte[] join(List<byte[]> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] f : fields) {
      out.writeBytes(f);
      out.write(0);
    }
    return out.toByteArray();
  }

  static byte[] frame(byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
