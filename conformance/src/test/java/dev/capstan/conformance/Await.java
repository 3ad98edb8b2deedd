package dev.capstan.conformance;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking it every few milliseconds; the one polling loop of these tests. */
final class Await {
  /** A check that may fail the wait at once (a process that died), or throw checked exceptions. */
  @FunctionalInterface
  interface Condition {
    boolean met() throws Exception;
  }

  private static final long POLL_MILLIS = 20;

  private Await() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @param context what to show when the deadline passes (e.g. the log so far)
   * @throws AssertionError naming {@code what} when it does not hold within {@code timeout}
   */
  static void until(Duration timeout, String what, Supplier<String> context, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.met()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + timeout + ":\n" + context.get());
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  static void until(Duration timeout, String what, Condition condition) throws Exception {
    until(timeout, what, () -> "", condition);
  }
}
