package org.tradeplatform.broker.ibkr.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

  /** A stream that fails the test if anyone reads beyond its {@code allowed} bytes. */
  private static InputStream strict(byte[] data, int allowed) {
    return new InputStream() {
      int pos;

      @Override
      public int read() {
        if (pos >= allowed) {
          throw new AssertionError("read beyond byte " + allowed);
        }
        return pos < data.length ? data[pos++] & 0xFF : -1;
      }
    };
  }

  @Test
  void oversizedLengthIsRefusedBeforeReadingOrAllocating() {
    byte[] header = Hex.decode("01 00 00 00"); // 16 MiB: one more than the limit
    FrameReader reader = new FrameReader(strict(header, 4));
    assertThatThrownBy(reader::readFrame)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("16777216")
        .hasMessageContaining("16777215");
    FrameReader negative = new FrameReader(strict(Hex.decode("ff ff ff ff"), 4));
    assertThatThrownBy(negative::readFrame).isInstanceOf(ProtocolException.class);
  }

  @Test
  void largestFrameIsAccepted() throws Exception {
    int length = FrameReader.MAX_FRAME_LENGTH;
    byte[] frame = new byte[4 + length];
    frame[1] = (byte) 0xFF;
    frame[2] = (byte) 0xFF;
    frame[3] = (byte) 0xFF;
    frame[frame.length - 1] = 42;
    byte[] payload = new FrameReader(new ByteArrayInputStream(frame)).readFrame();
    assertThat(payload).hasSize(length);
    assertThat(payload[length - 1]).isEqualTo((byte) 42);
  }

  @Test
  void announcedButMissingPayloadAllocatesOnlyWhatArrives() {
    byte[] data = Hex.concat(Hex.decode("00 ff ff ff"), new byte[10]);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(tid);
    FrameReader reader = new FrameReader(new ByteArrayInputStream(data));
    assertThatThrownBy(reader::readFrame)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("10 of 16777215");
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    assertThat(allocated).isLessThan(1024 * 1024);
  }

  @Test
  void framesArriveInPiecesAndGrowTheBuffer() throws Exception {
    byte[] payload = new byte[300_000];
    Arrays.fill(payload, (byte) 7);
    byte[] stream = Hex.concat(FrameWriter.frame(payload), FrameWriter.frame(new byte[] {1, 0}));
    InputStream trickle =
        new ByteArrayInputStream(stream) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1000)); // at most 1000 bytes per read
          }
        };
    FrameReader reader = new FrameReader(trickle);
    assertThat(reader.readFrame()).isEqualTo(payload);
    assertThat(reader.readFrame()).containsExactly(1, 0);
    assertThat(reader.readFrame()).isNull();
  }

  @Test
  void truncationIsAProtocolErrorAndCleanEndIsNull() throws Exception {
    assertThat(new FrameReader(new ByteArrayInputStream(new byte[0])).readFrame()).isNull();
    assertThatThrownBy(
            () -> new FrameReader(new ByteArrayInputStream(new byte[] {0, 0})).readFrame())
        .isInstanceOf(ProtocolException.class);
    assertThat(new FrameReader(new ByteArrayInputStream(new byte[4])).readFrame()).isEmpty();
  }

  @Test
  void writerSendsWholeFrames() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(sink);
    byte[] frame = new ClientEncoder(187).encode(new RequestPositions());
    writer.write(frame);
    writer.write(frame);
    assertThat(sink.toByteArray()).isEqualTo(Hex.concat(frame, frame));
    assertThatThrownBy(() -> FrameWriter.frame(new byte[FrameReader.MAX_FRAME_LENGTH + 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
