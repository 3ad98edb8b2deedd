package dev.capstan.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process watch fan-out for backends that commit in this JVM (memory and SQLite): no polling, every
 * committed event handed to each matching watch in revision order, history replayed first without a gap.
 *
 * <p>The backend calls {@link #publish} after each commit, in revision order, from one thread at a time.
 * Each watch has its own delivery thread and queue, so a slow listener delays only itself. The watchers of a
 * store are its watch caches (a few per resource type), so a thread each is affordable.
 */
public final class LocalWatchHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalWatchHub.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Reads committed history for a replay. */
  @FunctionalInterface
  public interface History {
    /**
     * The events under {@code prefix} with revisions in {@code (afterRevision, upToRevision]}, in order.
     *
     * @throws StorageException {@code COMPACTED} when that history is gone
     */
    List<KvEvent> eventsBetween(String prefix, long afterRevision, long upToRevision);
  }

  private final History history;
  private final Object lock = new Object();
  private final List<HubWatch> watches = new CopyOnWriteArrayList<>();
  private long publishedRevision; // guarded by lock
  private boolean closed; // guarded by lock

  /** @param publishedRevision the store's revision when the hub starts */
  public LocalWatchHub(History history, long publishedRevision) {
    this.history = history;
    this.publishedRevision = publishedRevision;
  }

  /** Starts a watch; see {@link KvStore#watch}. The caller checks compaction before calling. */
  public KvWatch watch(String prefix, long afterRevision, KvWatch.Listener listener) {
    HubWatch w;
    synchronized (lock) {
      if (closed) {
        throw StorageException.closed();
      }
      w = new HubWatch(prefix, afterRevision, Math.max(afterRevision, publishedRevision), listener);
      watches.add(w);
    }
    w.thread.start();
    return w;
  }

  /** Hands committed events (ascending revisions) to the matching watches. Never blocks on a listener. */
  public void publish(List<KvEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    synchronized (lock) {
      publishedRevision = events.get(events.size() - 1).revision();
      for (HubWatch w : watches) {
        long delivered = 0;
        for (KvEvent e : events) {
          if (e.kv().key().startsWith(w.prefix) && e.revision() > w.replayUpTo) {
            w.queue.add(e);
            delivered = e.revision();
          }
        }
        if (delivered < publishedRevision && publishedRevision > w.replayUpTo) {
          w.queue.add(new Progress(publishedRevision));
        }
      }
    }
  }

  /** Ends every watch with {@code CLOSED}. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    for (HubWatch w : watches) {
      w.fail(StorageException.closed());
    }
  }

  /** The store reached a revision none of whose events matched the watch. */
  private record Progress(long revision) {}

  private final class HubWatch implements KvWatch, Runnable {
    private final String prefix;
    private final long afterRevision;
    private final long replayUpTo;
    private final KvWatch.Listener listener;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    HubWatch(String prefix, long afterRevision, long replayUpTo, KvWatch.Listener listener) {
      this.prefix = prefix;
      this.afterRevision = afterRevision;
      this.replayUpTo = replayUpTo;
      this.listener = listener;
      this.thread = new Thread(this, "kv-watch-" + THREADS.incrementAndGet());
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        if (replayUpTo > afterRevision) {
          for (KvEvent e : history.eventsBetween(prefix, afterRevision, replayUpTo)) {
            if (stopped) {
              return;
            }
            listener.onEvent(e);
          }
        }
        List<Object> batch = new ArrayList<>();
        while (!stopped) {
          batch.add(queue.take());
          queue.drainTo(batch);
          for (Object item : batch) {
            if (stopped) {
              return;
            }
            if (item instanceof StorageException error) {
              stopped = true;
              listener.onError(error);
              return;
            }
            if (item instanceof Progress p) {
              listener.onProgress(p.revision());
            } else {
              listener.onEvent((KvEvent) item);
            }
          }
          batch.clear();
        }
      } catch (StorageException e) {
        end(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn("watch listener on prefix {} failed; ending the watch", prefix, e);
        end(StorageException.unavailable("watch listener failed: " + e, e));
      } finally {
        watches.remove(this);
      }
    }

    private void end(StorageException e) {
      if (!stopped) {
        stopped = true;
        listener.onError(e);
      }
    }

    void fail(StorageException e) {
      queue.add(e);
    }

    @Override
    public void close() {
      stopped = true;
      watches.remove(this);
      if (Thread.currentThread() != thread) {
        thread.interrupt();
      }
    }
  }
}
