package org.tradeplatform.bench.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes seeded fuzzed frames in process through {@code FrameReader} + {@code ServerDecoder} and
 * counts the outcomes. A frame that takes longer than the watchdog is a hang and stops the run. One
 * run per instance; not thread-safe apart from the progress counter the watchdog reads.
 */
final class OfflineFuzz {

  /** What a run found. */
  record Result(
      long frames,
      Map<Mutation, Map<FrameCheck.Outcome, Long>> byMutation,
      Map<Integer, Long> reachedById,
      long reached,
      long maxOversizedAllocation,
      long hangs,
      List<String> unexpected) {

    long count(FrameCheck.Outcome outcome) {
      return byMutation.values().stream().mapToLong(m -> m.getOrDefault(outcome, 0L)).sum();
    }
  }

  private final long seed;
  private final long frames;
  private final long watchdogMillis;
  private final AtomicLong done = new AtomicLong();

  OfflineFuzz(long seed, long frames, long watchdogMillis) {
    this.seed = seed;
    this.frames = frames;
    this.watchdogMillis = watchdogMillis;
  }

  Result run() throws InterruptedException {
    Map<Mutation, Map<FrameCheck.Outcome, Long>> byMutation = new EnumMap<>(Mutation.class);
    for (Mutation m : Mutation.values()) {
      byMutation.put(m, new EnumMap<>(FrameCheck.Outcome.class));
    }
    Map<Integer, Long> reachedById = new TreeMap<>();
    for (int id : FrameMutator.seededIds()) {
      reachedById.put(id, 0L);
    }
    List<String> unexpected = new ArrayList<>();
    long[] reached = {0};
    long[] maxAllocation = {0};
    Thread worker =
        new Thread(
            () -> {
              FrameMutator mutator = new FrameMutator(seed);
              for (long i = 0; i < frames && !Thread.currentThread().isInterrupted(); i++) {
                FrameMutator.Fuzzed f = mutator.next();
                FrameCheck.Result r = FrameCheck.check(f.frame(), f.serverVersion());
                byMutation.get(f.mutation()).merge(r.outcome(), 1L, Long::sum);
                if (r.reachedMessageId().isPresent()) {
                  reached[0]++;
                  reachedById.merge(r.reachedMessageId().getAsInt(), 1L, Long::sum);
                }
                maxAllocation[0] = Math.max(maxAllocation[0], r.allocatedBytes());
                r.unexpected()
                    .filter(e -> unexpected.size() < 10)
                    .ifPresent(
                        e ->
                            unexpected.add(
                                f.mutation() + " of id " + f.seedMessageId() + ": " + e));
                done.incrementAndGet();
              }
            },
            "fuzz-offline");
    worker.start();
    long hangs = 0;
    long seen = -1;
    while (worker.isAlive()) {
      worker.join(watchdogMillis);
      long now = done.get();
      if (worker.isAlive() && now == seen) {
        hangs++;
        worker.interrupt();
        worker.join(watchdogMillis);
        break;
      }
      seen = now;
    }
    return new Result(
        done.get(), byMutation, reachedById, reached[0], maxAllocation[0], hangs, unexpected);
  }
}
