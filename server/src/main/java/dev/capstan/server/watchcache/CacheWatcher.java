package dev.capstan.server.watchcache;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One client's watch on a {@link WatchCache}: a bounded queue the cache fills without ever waiting. When the
 * queue is full the watcher is closed instead, so a client that does not keep up never slows the others; it
 * re-lists, as upstream's clients do when the server ends a watch.
 *
 * <p>One consumer thread calls {@link #next}; any thread may call {@link #close}.
 */
public final class CacheWatcher implements AutoCloseable {
  /** Why a watch ended. */
  public enum End { NONE, CLOSED_BY_CLIENT, TOO_SLOW, CACHE_STOPPED }

  private final ArrayBlockingQueue<CacheEvent> queue;
  private final Predicate<CacheEvent> filter;
  private final Runnable onClose;
  private volatile End end = End.NONE;

  CacheWatcher(int capacity, Predicate<CacheEvent> filter, Runnable onClose) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.filter = filter;
    this.onClose = onClose;
  }

  /**
   * The next event, waiting up to {@code timeout}; null when none came in time or the watch has ended (see
   * {@link #end()}). Events queued before the end are still returned.
   */
  public CacheEvent next(Duration timeout) throws InterruptedException {
    CacheEvent e = queue.poll();
    if (e != null || end != End.NONE) {
      return e;
    }
    return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The next event if one is queued, else null at once. */
  public CacheEvent poll() {
    return queue.poll();
  }

  /** NONE while the watch runs. */
  public End end() {
    return end;
  }

  @Override
  public void close() {
    finish(End.CLOSED_BY_CLIENT);
  }

  /** Called by the cache, under its lock: hands over an event, or ends the watch if the queue is full. */
  void offerLocked(CacheEvent e) {
    if (end != End.NONE || !filter.test(e)) {
      return;
    }
    if (!queue.offer(e)) {
      finish(End.TOO_SLOW);
    }
  }

  void finish(End why) {
    if (end == End.NONE) {
      end = why;
      onClose.run();
    }
  }
}
