package org.tradeplatform.bench.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.tradeplatform.broker.ibkr.wire.FrameReader;
import org.tradeplatform.broker.ibkr.wire.IncomingMessage;
import org.tradeplatform.broker.ibkr.wire.PortfolioValue;
import org.tradeplatform.broker.ibkr.wire.PositionData;
import org.tradeplatform.broker.ibkr.wire.PositionMulti;
import org.tradeplatform.broker.ibkr.wire.ProtocolException;
import org.tradeplatform.broker.ibkr.wire.ServerDecoder;
import org.tradeplatform.broker.ibkr.wire.ServerMessage;
import org.tradeplatform.broker.ibkr.wire.SkippedMessage;

/**
 * Runs one frame through {@code FrameReader} and {@code ServerDecoder} and the conversions the
 * client applies to a decoded row, and says how it ended. Stateless.
 */
final class FrameCheck {

  /** How a frame ended. */
  enum Outcome {
    /** Decoded into a message of the subset (and, for a row, converted). */
    DECODED,
    /** Well framed with an id outside the subset: skipped, as IB's client does. */
    SKIPPED,
    /** Refused with a {@link ProtocolException} (or an unusable row, which the client refuses). */
    PROTOCOL_ERROR,
    /** Any other exception: a bug. */
    UNEXPECTED
  }

  /**
   * @param reachedMessageId the decoded message id whose field decoding the frame reached (framing
   *     passed and the first field names a message we decode); empty otherwise
   * @param allocatedBytes bytes this thread allocated while reading a frame whose length prefix is
   *     above the limit (0 for other frames)
   */
  record Result(
      Outcome outcome,
      OptionalInt reachedMessageId,
      long allocatedBytes,
      Optional<Throwable> unexpected) {}

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private FrameCheck() {}

  static Result check(byte[] frame, int serverVersion) {
    boolean oversized =
        frame.length >= 4 && FrameReaderLength.of(frame) > FrameReader.MAX_FRAME_LENGTH;
    long before = oversized ? THREADS.getCurrentThreadAllocatedBytes() : 0;
    byte[] payload;
    try {
      payload = new FrameReader(new ByteArrayInputStream(frame)).readFrame();
    } catch (ProtocolException e) {
      long allocated = oversized ? THREADS.getCurrentThreadAllocatedBytes() - before : 0;
      return new Result(Outcome.PROTOCOL_ERROR, OptionalInt.empty(), allocated, Optional.empty());
    } catch (IOException | RuntimeException e) {
      return new Result(Outcome.UNEXPECTED, OptionalInt.empty(), 0, Optional.of(e));
    }
    if (payload == null) {
      // an empty stream: the peer closed between frames (a truncation at 0 bytes)
      return new Result(Outcome.PROTOCOL_ERROR, OptionalInt.empty(), 0, Optional.empty());
    }
    OptionalInt reached = decodedId(payload);
    try {
      ServerMessage m = new ServerDecoder(serverVersion).decode(payload);
      if (m instanceof SkippedMessage) {
        return new Result(Outcome.SKIPPED, reached, 0, Optional.empty());
      }
      convert(m);
      return new Result(Outcome.DECODED, reached, 0, Optional.empty());
    } catch (ProtocolException | IllegalArgumentException e) {
      return new Result(Outcome.PROTOCOL_ERROR, reached, 0, Optional.empty());
    } catch (RuntimeException e) {
      return new Result(Outcome.UNEXPECTED, reached, 0, Optional.of(e));
    }
  }

  /** What the client does with a decoded row (an IllegalArgumentException is refused). */
  private static void convert(ServerMessage m) {
    if (m instanceof PositionData p) {
      p.toPosition();
    } else if (m instanceof PositionMulti p) {
      p.toPosition();
    } else if (m instanceof PortfolioValue v
        && v.accountName() != null
        && v.contract() != null
        && v.contract().conId() > 0) {
      v.toPositionPnl(Instant.EPOCH);
    }
  }

  /** The message id in the first field, when it is one we decode. */
  static OptionalInt decodedId(byte[] payload) {
    int end = 0;
    while (end < payload.length && payload[end] != 0) {
      end++;
    }
    try {
      int id = Integer.parseInt(new String(payload, 0, end, StandardCharsets.ISO_8859_1));
      return IncomingMessage.byId(id) == null ? OptionalInt.empty() : OptionalInt.of(id);
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** The unsigned length prefix of a frame. */
  private static final class FrameReaderLength {
    static long of(byte[] f) {
      return ((f[0] & 0xFFL) << 24) | ((f[1] & 0xFF) << 16) | ((f[2] & 0xFF) << 8) | (f[3] & 0xFF);
    }
  }
}
