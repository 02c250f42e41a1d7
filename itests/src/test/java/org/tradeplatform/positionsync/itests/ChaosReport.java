package org.tradeplatform.positionsync.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a chaos run found: per trial and in one summary line. */
final class ChaosReport {

  /** One trial: its fault, how long the table took to become exact, and what went wrong. */
  record Trial(
      int number,
      long seed,
      ChaosFault fault,
      int trades,
      long faultMillis,
      int closes,
      long syncsFailed,
      long drift,
      long quietMillis,
      boolean converged,
      Set<String> wronglyClosed) {

    String line() {
      return String.format(
          "trial %d seed %d %s for %d ms: %d trades, %d closed, %d syncs failed, drift %d, %s in %d"
              + " ms%s",
          number,
          seed,
          fault,
          faultMillis,
          trades,
          closes,
          syncsFailed,
          drift,
          converged ? "converged" : "NOT CONVERGED",
          quietMillis,
          wronglyClosed.isEmpty() ? "" : ", wrongly closed " + wronglyClosed);
    }
  }

  private final long seed;
  private final int planned;
  private final List<Trial> trials = new ArrayList<>();

  ChaosReport(long seed, int planned) {
    this.seed = seed;
    this.planned = planned;
  }

  void add(Trial trial) {
    trials.add(trial);
  }

  int trials() {
    return trials.size();
  }

  int converged() {
    return (int) trials.stream().filter(Trial::converged).count();
  }

  int wronglyClosed() {
    return trials.stream().mapToInt(t -> t.wronglyClosed().size()).sum();
  }

  long drift() {
    return trials.stream().mapToLong(Trial::drift).sum();
  }

  List<Trial> failures() {
    return trials.stream()
        .filter(t -> !t.converged() || !t.wronglyClosed().isEmpty() || t.drift() > 0)
        .toList();
  }

  String summary() {
    Map<ChaosFault, Integer> faults = new EnumMap<>(ChaosFault.class);
    trials.forEach(t -> faults.merge(t.fault(), 1, Integer::sum));
    long[] quiet = trials.stream().mapToLong(Trial::quietMillis).sorted().toArray();
    return String.format(
        "ChaosIT summary: seed %d, trials %d of %d, converged %d, wrongly closed %d, failed trials"
            + " %s, faults %s, trades %d, positions closed %d, syncs failed %d, drift %d, quiet p50 %d ms"
            + " max %d ms",
        seed,
        trials.size(),
        planned,
        converged(),
        wronglyClosed(),
        failures().stream().map(t -> t.number() + " (seed " + t.seed() + ")").toList(),
        faults,
        trials.stream().mapToLong(Trial::trades).sum(),
        trials.stream().mapToLong(Trial::closes).sum(),
        trials.stream().mapToLong(Trial::syncsFailed).sum(),
        drift(),
        quiet.length == 0 ? 0 : quiet[quiet.length / 2],
        quiet.length == 0 ? 0 : quiet[quiet.length - 1]);
  }

  /** Writes the summary, then every trial, to {@code file}. */
  void write(Path file) {
    List<String> lines = new ArrayList<>();
    lines.add(summary());
    lines.add("rerun: mvn -B -pl itests verify -Dit.test=ChaosIT -Ditest.chaos.seed=" + seed);
    trials.forEach(t -> lines.add(t.line()));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
