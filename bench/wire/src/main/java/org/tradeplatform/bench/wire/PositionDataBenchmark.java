package org.tradeplatform.bench.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.tradeplatform.broker.api.Position;
import org.tradeplatform.broker.ibkr.wire.FrameReader;
import org.tradeplatform.broker.ibkr.wire.PositionData;
import org.tradeplatform.broker.ibkr.wire.ServerDecoder;
import org.tradeplatform.broker.ibkr.wire.ServerEncoder;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;
import org.tradeplatform.broker.ibkr.wire.WireContract;

/**
 * Decoding and encoding POSITION_DATA frames on one thread, at server version 187. Four different
 * rows (stock, fractional stock, option, future) rotate so the JIT cannot specialise on one.
 * Throughput is frames per second; the goal is at least 1,000,000 decoded frames per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class PositionDataBenchmark {
  private static final int SERVER_VERSION = 187;
  private static final int STREAM_FRAMES = 1024;

  private final ServerDecoder decoder = new ServerDecoder(SERVER_VERSION);
  private final ServerEncoder encoder = new ServerEncoder(SERVER_VERSION);

  private PositionData[] rows;
  private byte[][] payloads;
  private byte[] stream;
  private int next;

  @Setup
  public void setUp() {
    rows =
        new PositionData[] {
          new PositionData(
              "DU123456",
              new WireContract(
                  265598, "AAPL", "STK", null, 0.0, null, null, "NASDAQ", null, "USD", "AAPL",
                  "NMS"),
              new BigDecimal("100"),
              150.25),
          new PositionData(
              "DU123456",
              new WireContract(
                  265598, "AAPL", "STK", null, 0.0, null, null, "NASDAQ", null, "USD", "AAPL",
                  "NMS"),
              new BigDecimal("123456789.123456"),
              150.25),
          new PositionData(
              "DU123457",
              new WireContract(
                  412897061,
                  "AAPL",
                  "OPT",
                  "20250620",
                  200.0,
                  "C",
                  "100",
                  null,
                  null,
                  "USD",
                  "AAPL  250620C00200000",
                  "AAPL"),
              new BigDecimal("-2"),
              512.34),
          new PositionData(
              "DU123458",
              new WireContract(
                  620731015,
                  "ES",
                  "FUT",
                  "20250620",
                  0.0,
                  null,
                  "50",
                  null,
                  null,
                  "USD",
                  "ESM5",
                  "ES"),
              new BigDecimal("-1"),
              295012.5)
        };
    payloads = new byte[rows.length][];
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < rows.length; i++) {
      byte[] frame = encoder.encode(rows[i]);
      payloads[i] = Arrays.copyOfRange(frame, 4, frame.length);
    }
    for (int i = 0; i < STREAM_FRAMES; i++) {
      all.writeBytes(encoder.encode(rows[i % rows.length]));
    }
    stream = all.toByteArray();
  }

  private int nextIndex() {
    next = (next + 1) & 3;
    return next;
  }

  /** Payload to record: what the reader thread does per frame after framing. */
  @Benchmark
  public ServerMessage decodePositionData() throws IOException {
    return decoder.decode(payloads[nextIndex()]);
  }

  /** Decode plus conversion to the API's {@code Position}, as the client's book needs it. */
  @Benchmark
  public Position decodeToPosition() throws IOException {
    return ((PositionData) decoder.decode(payloads[nextIndex()])).toPosition();
  }

  /** Framing from a stream (length prefix, payload copy) plus decoding, 1024 frames per call. */
  @Benchmark
  @OperationsPerInvocation(STREAM_FRAMES)
  public void readAndDecodeStream(Blackhole bh) throws IOException {
    FrameReader reader = new FrameReader(new ByteArrayInputStream(stream));
    for (byte[] payload; (payload = reader.readFrame()) != null; ) {
      bh.consume(decoder.decode(payload));
    }
  }

  /** Record to complete frame, as the simulator sends it. */
  @Benchmark
  public byte[] encodePositionData() {
    return encoder.encode(rows[nextIndex()]);
  }
}
