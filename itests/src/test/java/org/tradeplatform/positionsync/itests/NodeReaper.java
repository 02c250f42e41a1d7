package org.tradeplatform.positionsync.itests;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills every Karaf process a test started when the test JVM exits, however the test ended: a
 * shutdown hook destroys each launcher and everything below it (the Karaf JVM).
 *
 * <p>Concurrency: a concurrent set; the hook runs once at exit.
 */
final class NodeReaper {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(NodeReaper::killAll, "karaf-node-reaper"));
  }

  private NodeReaper() {}

  static void register(Process launcher) {
    LIVE.add(launcher);
  }

  static void unregister(Process launcher) {
    LIVE.remove(launcher);
  }

  private static void killAll() {
    for (Process launcher : LIVE) {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }
}
