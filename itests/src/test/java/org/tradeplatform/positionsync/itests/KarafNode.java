package org.tradeplatform.positionsync.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One real Karaf process unpacked from the project's distribution ({@code position-sync-karaf}
 * tar.gz), with the {@code position-sync} feature instead of the demo (no simulator inside), its
 * own data directory and its own SSH, RMI and HTTP ports, started with {@code bin/karaf server}.
 *
 * <p>Every started node is registered with {@link NodeReaper}, so a failing test or a killed test
 * JVM leaves no Karaf behind. Concurrency: used by the test thread only.
 */
final class KarafNode implements AutoCloseable {

  private final String nodeId;
  private final Path home;
  private Optional<Process> process = Optional.empty();

  private KarafNode(String nodeId, Path home) {
    this.nodeId = nodeId;
    this.home = home;
  }

  /**
   * Unpacks a fresh node into {@code parent/nodeId}, with {@code configs} (file name under etc/ to
   * its content) written over the distribution's, and the demo's gateway configurations removed.
   */
  static KarafNode unpack(
      Path distribution, Path parent, String nodeId, Map<String, String> configs)
      throws IOException, InterruptedException {
    Path dir = parent.toAbsolutePath().resolve(nodeId);
    reapLeftover(dir);
    deleteTree(dir);
    Files.createDirectories(dir);
    run(dir, "tar", "xzf", distribution.toString(), "--strip-components=1");
    Path etc = dir.resolve("etc");
    Files.deleteIfExists(etc.resolve("org.tradeplatform.broker.ibkr-demo.cfg"));
    Files.deleteIfExists(etc.resolve("org.tradeplatform.broker.ibkr.simulator.cfg"));
    replaceIn(bootFeatures(etc), ">position-sync-demo<", ">position-sync<");
    Map<String, String> all = new LinkedHashMap<>();
    all.put(
        "org.apache.karaf.shell.cfg",
        Files.readString(etc.resolve("org.apache.karaf.shell.cfg"))
            .replaceAll("(?m)^sshPort\\s*=.*$", "sshPort = " + SyncStackSupport.freePort()));
    all.put(
        "org.apache.karaf.management.cfg",
        Files.readString(etc.resolve("org.apache.karaf.management.cfg"))
            .replaceAll(
                "(?m)^rmiRegistryPort\\s*=.*$", "rmiRegistryPort = " + SyncStackSupport.freePort())
            .replaceAll(
                "(?m)^rmiServerPort\\s*=.*$", "rmiServerPort = " + SyncStackSupport.freePort()));
    all.put(
        "org.ops4j.pax.web.cfg",
        "org.osgi.service.http.port = "
            + SyncStackSupport.freePort()
            + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n");
    // everything is in system/: a node never downloads
    all.put(
        "org.ops4j.pax.url.mvn.cfg",
        Files.readString(etc.resolve("org.ops4j.pax.url.mvn.cfg"))
            .replaceAll(
                "(?ms)^org\\.ops4j\\.pax\\.url\\.mvn\\.repositories\\s*=.*?(?=^org|\\z)",
                "org.ops4j.pax.url.mvn.repositories =\n"));
    all.putAll(configs);
    for (Map.Entry<String, String> file : all.entrySet()) {
      Files.writeString(etc.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
    return new KarafNode(nodeId, dir);
  }

  String nodeId() {
    return nodeId;
  }

  Path home() {
    return home;
  }

  /** Starts {@code bin/karaf server} in the background; output goes to {@code console.log}. */
  void start() throws IOException {
    if (process.isPresent() && process.get().isAlive()) {
      throw new IllegalStateException(nodeId + " is already running");
    }
    Files.deleteIfExists(home.resolve("karaf.pid"));
    ProcessBuilder builder =
        new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("JAVA_MIN_MEM", "64M");
    builder.environment().put("JAVA_MAX_MEM", "384M");
    builder.environment().put("CHECK_ROOT_INSTANCE_RUNNING", "false");
    Process started = builder.start();
    process = Optional.of(started);
    NodeReaper.register(started);
  }

  /** The Karaf JVM's pid, from the {@code karaf.pid} file it writes at start. */
  long javaPid() {
    try {
      return Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException(nodeId + " has written no karaf.pid yet", e);
    }
  }

  boolean running() {
    return process.isPresent() && process.get().isAlive();
  }

  /** {@code kill -9} of the Karaf JVM by its pid: no shutdown hook, no goodbye to anyone. */
  void kill() throws InterruptedException {
    long pid = javaPid();
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    awaitExit();
  }

  /** A normal stop (SIGTERM): Karaf stops its bundles, so held leases are released explicitly. */
  void stop() throws InterruptedException {
    ProcessHandle.of(javaPid()).ifPresent(ProcessHandle::destroy);
    awaitExit();
  }

  private void awaitExit() throws InterruptedException {
    if (process.isPresent()) {
      if (!process.get().waitFor(60, TimeUnit.SECONDS)) {
        process.get().descendants().forEach(ProcessHandle::destroyForcibly);
        process.get().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      NodeReaper.unregister(process.get());
    }
  }

  /** The node's karaf.log (empty before it wrote one). */
  String log() {
    Path log = home.resolve("data/log/karaf.log");
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The time stamp of the first karaf.log line after character {@code mark} that contains {@code
   * text} (both nodes log in the same zone on the same host, so their stamps compare).
   */
  Optional<LocalDateTime> loggedAt(int mark, String text) {
    String log = log();
    return log.substring(Math.min(mark, log.length()))
        .lines()
        .filter(line -> line.contains(text))
        .findFirst()
        .map(line -> LocalDateTime.parse(line.substring(0, 23).replace(',', '.')));
  }

  /** The last {@code lines} lines of karaf.log and console.log, for failure messages. */
  String tail(int lines) {
    List<String> out = new ArrayList<>();
    for (String file : List.of("data/log/karaf.log", "console.log")) {
      Path path = home.resolve(file);
      try {
        if (Files.exists(path)) {
          List<String> all = Files.readAllLines(path);
          out.add("--- " + nodeId + " " + file);
          out.addAll(all.subList(Math.max(0, all.size() - lines), all.size()));
        }
      } catch (IOException e) {
        out.add("(cannot read " + path + ": " + e.getMessage() + ")");
      }
    }
    return String.join("\n", out);
  }

  @Override
  public void close() throws InterruptedException {
    if (running()) {
      try {
        kill();
      } catch (IllegalStateException e) {
        // no pid file yet: kill the launcher and whatever it started
        process.get().descendants().forEach(ProcessHandle::destroyForcibly);
        process.get().destroyForcibly();
        awaitExit();
      }
    }
  }

  /** Waits until {@code condition} holds, failing with both logs' tails after {@code timeout}. */
  static void await(String what, Duration timeout, Check condition, KarafNode... nodes)
      throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() - end < 0) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(200);
    }
    StringBuilder message =
        new StringBuilder("timed out after " + timeout + " waiting for " + what);
    if (last != null) {
      message.append(" (last error: ").append(last).append(')');
    }
    for (KarafNode node : nodes) {
      message.append('\n').append(node.tail(40));
    }
    throw new AssertionError(message.toString());
  }

  /** A condition that may throw while the system is not there yet. */
  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  /**
   * The generated features file that lists the assembly's boot features (the assembly has startup
   * bundles, so karaf-maven-plugin boots one generated feature from {@code etc/<uuid>.xml}).
   */
  private static Path bootFeatures(Path etc) throws IOException {
    try (var files = Files.list(etc)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
        if (Files.readString(file).contains(">position-sync-demo<")) {
          return file;
        }
      }
    }
    throw new IllegalStateException(etc + " has no features file that boots position-sync-demo");
  }

  private static void replaceIn(Path file, String from, String to) throws IOException {
    String content = Files.readString(file);
    if (!content.contains(from)) {
      throw new IllegalStateException(file + " does not contain " + from);
    }
    Files.writeString(file, content.replace(from, to));
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed with exit code "
              + p.exitValue()
              + " (needs the Debian package tar)");
    }
  }

  /**
   * Kills, by the pid in its {@code karaf.pid}, a Karaf that an earlier run left in {@code dir} (a
   * test JVM killed before its shutdown hook ran): only if that process runs from {@code dir}.
   */
  private static void reapLeftover(Path dir) throws IOException {
    Path pidFile = dir.resolve("karaf.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> leftover =
        ProcessHandle.of(pid)
            .filter(h -> h.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false));
    if (leftover.isPresent()) {
      leftover.get().destroyForcibly();
      try {
        leftover.get().onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            "a Karaf left in " + dir + " (pid " + pid + ") lives on", e);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
