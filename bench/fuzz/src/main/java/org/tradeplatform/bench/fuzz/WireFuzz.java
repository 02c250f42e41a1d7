package org.tradeplatform.bench.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.tradeplatform.broker.ibkr.wire.IncomingMessage;

/**
 * The fuzzing command: {@code fuzz.frames} seeded fuzzed frames in process through the decoder
 * ({@link OfflineFuzz}), then {@code fuzz.sessions} hostile sessions through a real connection
 * ({@link LiveFuzz}); writes the counts to {@code bench.results} and exits non-zero when a frame
 * ended in an unexpected exception, a hang was seen, fewer than half the frames reached field
 * decoding, or an oversized length was allocated.
 */
public final class WireFuzz {
  static final Duration WATCHDOG = Duration.ofSeconds(10);

  /** Bytes a refused oversized frame may cost: far below the 16 MiB limit it announces. */
  static final long OVERSIZED_ALLOCATION_BOUND = 1 << 20;

  /** Both parts of one run. */
  record Report(long seed, OfflineFuzz.Result offline, LiveFuzz.Result live, Duration took) {

    double reachedShare() {
      return offline.frames() == 0 ? 0 : (double) offline.reached() / offline.frames();
    }

    boolean passed() {
      return offline.count(FrameCheck.Outcome.UNEXPECTED) == 0
          && offline.hangs() == 0
          && reachedShare() >= 0.5
          && offline.maxOversizedAllocation() < OVERSIZED_ALLOCATION_BOUND
          && live.ends().getOrDefault(LiveFuzz.SessionEnd.HANG, 0L) == 0;
    }
  }

  private WireFuzz() {}

  public static void main(String[] args) throws Exception {
    long seed = Long.getLong("fuzz.seed", 20261202L);
    long frames = Long.getLong("fuzz.frames", 1_000_000L);
    int sessions = Integer.getInteger("fuzz.sessions", 200);
    Path results = Path.of(System.getProperty("bench.results", "bench/results/fuzz.md"));
    Report report = run(seed, frames, sessions);
    String text = markdown(report);
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(results, text, StandardCharsets.UTF_8);
    System.out.println(text);
    System.out.println("written to " + results.toAbsolutePath());
    System.exit(report.passed() ? 0 : 1);
  }

  static Report run(long seed, long frames, int sessions) throws InterruptedException, IOException {
    long start = System.nanoTime();
    OfflineFuzz.Result offline = new OfflineFuzz(seed, frames, WATCHDOG.toMillis()).run();
    LiveFuzz.Result live = new LiveFuzz(seed, sessions, WATCHDOG).run();
    return new Report(seed, offline, live, Duration.ofNanos(System.nanoTime() - start));
  }

  static String markdown(Report r) {
    StringBuilder b = new StringBuilder();
    OfflineFuzz.Result o = r.offline();
    b.append("# Wire fuzzing\n\n");
    b.append("Run ").append(Instant.now()).append(", seed ").append(r.seed());
    b.append(", ")
        .append(r.took().toSeconds())
        .append(
            " s. Command: `mvn -B -q install -DskipTests -pl bench/fuzz -am && mvn -B -q -pl bench/fuzz exec:exec`.\n\n");
    b.append("Verdict: **").append(r.passed() ? "passed" : "FAILED").append("**\n\n");
    b.append("## In process: FrameReader + ServerDecoder\n\n");
    b.append(String.format(Locale.ROOT, "- frames: %,d%n", o.frames()));
    b.append(
        String.format(
            Locale.ROOT,
            "- reached field decoding (framing passed, first field a decoded message id): %,d (%.1f %%)%n",
            o.reached(),
            100 * r.reachedShare()));
    b.append(
        String.format(
            Locale.ROOT, "- unexpected exceptions: %,d%n", o.count(FrameCheck.Outcome.UNEXPECTED)));
    b.append(
        String.format(
            Locale.ROOT, "- hangs (no progress for %d s): %d%n", WATCHDOG.toSeconds(), o.hangs()));
    b.append(
        String.format(
            Locale.ROOT,
            "- most bytes allocated while refusing a length above the limit: %,d (bound %,d)%n%n",
            o.maxOversizedAllocation(),
            OVERSIZED_ALLOCATION_BOUND));
    b.append(
        "| mutation | decoded | skipped (unknown id) | protocol error | unexpected | total |\n");
    b.append("|---|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<Mutation, Map<FrameCheck.Outcome, Long>> e : o.byMutation().entrySet()) {
      Map<FrameCheck.Outcome, Long> c = e.getValue();
      long total = c.values().stream().mapToLong(Long::longValue).sum();
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,d | %,d | %,d | %,d |%n",
              e.getKey(),
              c.getOrDefault(FrameCheck.Outcome.DECODED, 0L),
              c.getOrDefault(FrameCheck.Outcome.SKIPPED, 0L),
              c.getOrDefault(FrameCheck.Outcome.PROTOCOL_ERROR, 0L),
              c.getOrDefault(FrameCheck.Outcome.UNEXPECTED, 0L),
              total));
    }
    b.append("\n| message id reached | name | frames |\n|---:|---|---:|\n");
    o.reachedById()
        .forEach(
            (id, n) ->
                b.append(
                    String.format(
                        Locale.ROOT, "| %d | %s | %,d |%n", id, IncomingMessage.byId(id), n)));
    if (!o.unexpected().isEmpty()) {
      b.append("\nUnexpected (first ten):\n\n");
      o.unexpected().forEach(u -> b.append("- ").append(u).append('\n'));
    }
    LiveFuzz.Result l = r.live();
    b.append("\n## Live: scripted sessions through a real IbkrConnection reader\n\n");
    b.append(
            "Each session: handshake, accounts, a one-row snapshot, then one fuzzed frame; backoff 1–5 ms, watchdog ")
        .append(WATCHDOG.toSeconds())
        .append(" s.\n\n");
    b.append(String.format(Locale.ROOT, "- sessions: %,d%n", l.sessions()));
    for (LiveFuzz.SessionEnd end : LiveFuzz.SessionEnd.values()) {
      b.append(String.format(Locale.ROOT, "- %s: %,d%n", end, l.ends().getOrDefault(end, 0L)));
    }
    b.append("\n| mutation | sessions |\n|---|---:|\n");
    l.byMutation().forEach((m, n) -> b.append(String.format(Locale.ROOT, "| %s | %,d |%n", m, n)));
    if (!l.hangs().isEmpty()) {
      b.append("\nHangs:\n\n");
      l.hangs().forEach(h -> b.append("- ").append(h).append('\n'));
    }
    return b.toString();
  }
}
