package org.tradeplatform.position.sync.internal;

/** Live threads by name, to prove that nothing is left running. */
final class ThreadCount {
  private ThreadCount() {}

  static long named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith(prefix))
        .count();
  }
}
