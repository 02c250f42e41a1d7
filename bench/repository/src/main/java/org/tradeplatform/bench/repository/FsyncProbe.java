package org.tradeplatform.bench.repository;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one durable commit cannot beat on this disk: the time of an 8 kB write followed by fdatasync
 * ({@code FileChannel.force(false)}), which is how PostgreSQL flushes WAL at commit with {@code
 * wal_sync_method = fdatasync}. Timed in a loop beside the data directory, so the figure is the
 * same disk, the same load and the same run as the benchmark.
 */
record FsyncProbe(int samples, double p50, double p99, double max) {

  static FsyncProbe measure(Path directory, int samples) throws IOException {
    Path file = Files.createTempFile(directory, "fsync-probe", ".bin");
    double[] millis = new double[samples];
    ByteBuffer page = ByteBuffer.allocate(8192);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (int i = 0; i < samples; i++) {
        page.clear();
        page.put(0, (byte) i);
        long t0 = System.nanoTime();
        channel.write(page, 0);
        channel.force(false);
        millis[i] = (System.nanoTime() - t0) / 1e6;
      }
    } finally {
      Files.deleteIfExists(file);
    }
    Arrays.sort(millis);
    return new FsyncProbe(samples, at(millis, 0.50), at(millis, 0.99), millis[millis.length - 1]);
  }

  private static double at(double[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  String markdown() {
    return String.format(
        Locale.ROOT,
        "- fsync bound: %d × (8 kB write + fdatasync) beside the data directory: p50 %.2f ms,"
            + " p99 %.2f ms, max %.2f ms (a durable commit waits for at least one)%n",
        samples,
        p50,
        p99,
        max);
  }
}
