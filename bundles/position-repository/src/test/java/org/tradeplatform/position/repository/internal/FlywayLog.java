package org.tradeplatform.position.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;

/**
 * Captures what Flyway logs (through SLF4J, which the tests bind to slf4j-simple writing to
 * System.err) while one call runs, still passing it on to the real System.err.
 */
final class FlywayLog {

  private FlywayLog() {}

  /** Runs {@code call} and returns its result with the lines logged meanwhile. */
  static <T> Captured<T> capture(Callable<T> call) throws Exception {
    // the capture proves nothing if Flyway's INFO lines are filtered before they reach it
    assertThat(LoggerFactory.getLogger("org.flywaydb.core.FlywayExecutor").isInfoEnabled())
        .as("Flyway's logger is at INFO or finer")
        .isTrue();
    PrintStream original = System.err;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    try {
      T result = call.call();
      return new Captured<>(result, copy.toString(StandardCharsets.UTF_8).lines().toList());
    } finally {
      System.setErr(original);
    }
  }

  record Captured<T>(T result, List<String> lines) {

    List<String> flywayLines() {
      return lines.stream().filter(line -> line.contains("org.flywaydb")).toList();
    }
  }

  private static final class Tee extends OutputStream {
    private final PrintStream first;
    private final ByteArrayOutputStream second;

    Tee(PrintStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() {
      first.flush();
    }
  }
}
