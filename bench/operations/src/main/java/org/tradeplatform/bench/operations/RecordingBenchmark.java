package org.tradeplatform.bench.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.HeardChange;
import org.tradeplatform.position.api.SyncOutcome;
import org.tradeplatform.position.api.SyncReport;
import org.tradeplatform.position.api.SyncTrigger;
import org.tradeplatform.position.operations.internal.SyncMetrics;

/**
 * What the sync observer of the operations bundle costs per finished sync: {@link
 * SyncMetrics#syncFinished} with a report of 1 or 100 heard changes (one histogram observation
 * each, plus the trigger/outcome counter), on one thread and on two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordingBenchmark {

  @Param({"1", "100"})
  int heardChanges;

  private SyncMetrics metrics;
  private SyncReport report;

  @Setup
  public void setUp() {
    metrics = new SyncMetrics(Duration.ofSeconds(5), Optional::empty, List::of);
    Instant now = Instant.now();
    long nanos = System.nanoTime();
    List<HeardChange> changes = new ArrayList<>();
    for (int i = 0; i < heardChanges; i++) {
      // latencies spread over the buckets: 1 ms .. 6 s
      long latency = 1_000_000L + (i * 60_000_000L) % 6_000_000_000L;
      changes.add(
          new HeardChange(
              new PositionKey("U" + (i % 3), 1000 + i), now, nanos, now, nanos + latency));
    }
    report =
        new SyncReport(
            "paper",
            SyncTrigger.CALLBACK,
            now,
            Duration.ofMillis(12),
            SyncOutcome.SUCCEEDED,
            Optional.empty(),
            0,
            heardChanges,
            0,
            0,
            changes);
  }

  @Benchmark
  public void recordReport() {
    metrics.syncFinished(report);
  }

  @Benchmark
  @Threads(2)
  public void recordReportTwoThreads() {
    metrics.syncFinished(report);
  }
}
