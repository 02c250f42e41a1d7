package org.tradeplatform.position.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shipped alert rules and scrape example, checked and unit-tested by a real promtool. */
class PrometheusRulesTest {

  private static final Path DIR = Path.of("src/main/prometheus");

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    assertPromtool("check", "rules", "position-sync.rules.yml");
  }

  @Test
  void rulesPassTheirPromtoolUnitTests() throws Exception {
    assertPromtool("test", "rules", "position-sync.rules.test.yml");
  }

  @Test
  void theScrapeExampleIsAValidConfiguration() throws Exception {
    assertPromtool("check", "config", "prometheus.example.yml");
  }

  private static void assertPromtool(String... args) throws IOException, InterruptedException {
    if (!onPath("promtool")) {
      throw new AssertionError(
          "promtool is not installed: install the Debian package prometheus"
              + " (apt-get install -y --no-install-recommends prometheus)");
    }
    List<String> command = new java.util.ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
    assertThat(out).contains("SUCCESS");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
