package org.tradeplatform.positionsync.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ops4j.pax.exam.Option;

/**
 * The operations feature in a test container: the shipped Pax Web settings, the health and metrics
 * endpoints read over HTTP, and the Prometheus tools run as processes.
 */
final class OperationsSupport {
  private OperationsSupport() {}

  static final String SHIPPED_ETC = "../distribution/assembly/src/main/resources/etc/";
  static final String PROMETHEUS_DIR = "../bundles/position-sync-operations/src/main/prometheus";

  /** System property (in the container) with the absolute directory of the alert rules. */
  static final String RULES_DIR = "itest.operations.prometheus";

  /** System property (in the container) with a directory under itests/target for tools' files. */
  static final String WORK_DIR = "itest.operations.work";

  static final List<String> CHECK_NAMES =
      List.of(
          "Position sync: sync freshness",
          "Position sync: gateway connection",
          "Position sync: database",
          "Position sync: services present");

  /** Driver side: the operations feature, the shipped Pax Web file, and the paths the tests use. */
  static Option[] operations() {
    List<Option> options = new ArrayList<>();
    options.add(features(KarafTestSupport.projectFeatures(), "position-sync-operations"));
    for (Map.Entry<String, String> e : shipped("org.ops4j.pax.web.cfg").entrySet()) {
      options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", e.getKey(), e.getValue()));
    }
    options.add(
        editConfigurationFilePut(
            "etc/system.properties", RULES_DIR, new File(PROMETHEUS_DIR).getAbsolutePath()));
    options.add(
        editConfigurationFilePut(
            "etc/system.properties", WORK_DIR, new File("target/operations").getAbsolutePath()));
    return options.toArray(new Option[0]);
  }

  /** The properties of a file the distribution ships in etc/. */
  static Map<String, String> shipped(String file) {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(Path.of(SHIPPED_ETC, file), StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  // ---------------------------------------------------------------- health JSON

  /** Status of the check named {@code name} in a Felix HC JSON answer, or null if not listed. */
  static String checkStatus(String json, String name) {
    int at = json.indexOf("\"name\":\"" + name + "\"");
    if (at < 0) {
      return null;
    }
    Matcher m = Pattern.compile("\"status\":\"(\\w+)\"").matcher(json);
    return m.find(at) ? m.group(1) : null;
  }

  static String overall(String json) {
    Matcher m = Pattern.compile("\"overallResult\":\"(\\w+)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  // ---------------------------------------------------------------- metrics text

  /** The value of one series in a scrape (exact name and label text), or NaN if absent. */
  static double value(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
      }
    }
    return Double.NaN;
  }

  /** Metric names (as written, suffixes included) of every sample in a scrape. */
  static List<String> sampleNames(String scrape) {
    List<String> names = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  // ---------------------------------------------------------------- tools

  /**
   * @param exit the process's exit code
   * @param output stdout and stderr together
   */
  record Run(int exit, String output) {}

  /** Runs a tool of the Debian package {@code prometheus}; fails naming it if it is missing. */
  static Run prometheusTool(String stdin, String... command) {
    if (!onPath(command[0])) {
      throw new AssertionError(
          command[0]
              + " is not installed: install the Debian package prometheus"
              + " (apt-get install -y --no-install-recommends prometheus)");
    }
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish");
      }
      return new Run(p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
