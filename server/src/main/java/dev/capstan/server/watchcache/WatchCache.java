package dev.capstan.server.watchcache;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.storage.KeyValue;
import dev.capstan.server.storage.KvEvent;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.KvWatch;
import dev.capstan.server.storage.Page;
import dev.capstan.server.storage.StorageException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current objects under one key prefix plus a window of recent events, fed by one storage watch, as
 * upstream's cacher: lists at {@code resourceVersion=0} and watches are served from memory, however many
 * clients ask. A watch from a revision older than the window is answered 410 Gone ({@code Expired}); the client
 * re-lists. When the storage watch fails (its start was compacted, say) the cache ends every watch and
 * re-lists itself.
 *
 * <p>Thread-safe. One lock guards the state; the store's watch thread applies events; watchers are handed
 * events without waiting ({@link CacheWatcher}), so nothing blocks under the lock.
 */
public final class WatchCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);
  private static final int LIST_PAGE = 1_000;

  /** Turns a stored value into an object with its resourceVersion set. */
  @FunctionalInterface
  public interface Decoder {
    KubeObject decode(KeyValue kv);
  }

  /** The objects at one revision. The objects are shared and read-only. */
  public record Snapshot(List<KubeObject> objects, long revision) {}

  private final KvStore kv;
  private final String prefix;
  private final int capacity;
  private final Decoder decoder;
  private final Object lock = new Object();
  private final Set<CacheWatcher> watchers = new CopyOnWriteArraySet<>();
  private final TreeMap<String, KubeObject> objects = new TreeMap<>(); // guarded by lock
  private final ArrayDeque<CacheEvent> window = new ArrayDeque<>(); // guarded by lock
  private long revision; // guarded by lock: everything up to here is applied
  private long oldest; // guarded by lock: a watch after this revision can be replayed from the window
  private boolean ready; // guarded by lock
  private boolean closed; // guarded by lock
  private KvWatch storeWatch; // guarded by lock

  /**
   * @param capacity how many recent events are kept for watches that start in the past
   */
  public WatchCache(KvStore kv, String prefix, int capacity, Decoder decoder) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.kv = kv;
    this.prefix = prefix;
    this.capacity = capacity;
    this.decoder = decoder;
  }

  /** Lists the prefix from storage and starts following it; returns once the cache is ready. */
  public void start() {
    TreeMap<String, KubeObject> listed = new TreeMap<>();
    Page page = kv.range(prefix, 0, "", LIST_PAGE);
    long at = page.revision();
    while (true) {
      for (KeyValue k : page.kvs()) {
        listed.put(k.key(), decoder.decode(k));
      }
      if (!page.more()) {
        break;
      }
      page = kv.range(prefix, at, page.lastKey(), LIST_PAGE);
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      objects.clear();
      objects.putAll(listed);
      window.clear();
      revision = at;
      oldest = at;
      ready = true;
      storeWatch = kv.watch(prefix, at, new Feed());
      lock.notifyAll();
    }
  }

  /** The revision everything up to which has been applied. */
  public long revision() {
    synchronized (lock) {
      return revision;
    }
  }

  /**
   * The cached objects once the cache has applied {@code minRevision}, waiting up to {@code wait}.
   *
   * @throws ApiException 504 when the cache does not reach that revision in time
   */
  public Snapshot list(long minRevision, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      while (!closed && (!ready || revision < minRevision)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw ApiException.tooLargeResourceVersion(minRevision, revision);
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      if (closed) {
        throw ApiException.unavailable("the watch cache for " + prefix + " is stopped");
      }
      return new Snapshot(List.copyOf(objects.values()), revision);
    }
  }

  /**
   * Starts a watch for the events after {@code afterRevision} that pass {@code filter}: the ones still in the
   * window are replayed first, then live ones follow.
   *
   * @param queueCapacity how many events may wait for the client before the watch is closed as too slow
   * @throws ApiException 410 Expired when {@code afterRevision} is older than the window
   */
  public CacheWatcher watch(long afterRevision, Predicate<CacheEvent> filter, int queueCapacity) {
    synchronized (lock) {
      if (closed || !ready) {
        throw ApiException.unavailable("the watch cache for " + prefix + " is not ready");
      }
      if (afterRevision < oldest) {
        throw ApiException.expired("too old resource version: " + afterRevision + " (" + oldest + ")");
      }
      CacheWatcher[] self = new CacheWatcher[1];
      CacheWatcher w = new CacheWatcher(queueCapacity, filter, () -> watchers.remove(self[0]));
      self[0] = w;
      for (CacheEvent e : window) {
        if (e.revision() > afterRevision) {
          w.offerLocked(e);
        }
      }
      if (w.end() == CacheWatcher.End.NONE) {
        watchers.add(w);
      }
      return w;
    }
  }

  @Override
  public void close() {
    KvWatch w;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      w = storeWatch;
      watchers.forEach(x -> x.finish(CacheWatcher.End.CACHE_STOPPED));
      lock.notifyAll();
    }
    if (w != null) {
      w.close();
    }
  }

  /** Applies one storage event; runs on the store's watch thread. */
  private void apply(KvEvent e) {
    KubeObject object = decoder.decode(e.kv());
    KubeObject previous = e.prevKv() == null ? null : decoder.decode(e.prevKv());
    CacheEvent.Type type = e.type() == KvEvent.Type.DELETE ? CacheEvent.Type.DELETED
        : e.isCreate() || previous == null ? CacheEvent.Type.ADDED : CacheEvent.Type.MODIFIED;
    CacheEvent event = new CacheEvent(type, e.kv().key(), object, previous, e.revision());
    synchronized (lock) {
      if (closed || e.revision() <= revision) {
        return;
      }
      if (type == CacheEvent.Type.DELETED) {
        objects.remove(event.key());
      } else {
        objects.put(event.key(), object);
      }
      window.addLast(event);
      if (window.size() > capacity) {
        oldest = window.removeFirst().revision();
      }
      revision = e.revision();
      for (CacheWatcher w : watchers) {
        w.offerLocked(event);
      }
      lock.notifyAll();
    }
  }

  /** The store moved on without a change under this prefix: the cache is current up to {@code to}. */
  private void advance(long to) {
    synchronized (lock) {
      if (!closed && to > revision) {
        revision = to;
        lock.notifyAll();
      }
    }
  }

  /** The storage watch failed: end every client watch (they re-list) and rebuild from storage. */
  private void restart(StorageException error) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      LOG.info("watch cache for {} re-lists after its storage watch ended: {}", prefix, error.getMessage());
      ready = false;
      watchers.forEach(x -> x.finish(CacheWatcher.End.CACHE_STOPPED));
    }
    Thread relist = new Thread(() -> {
      try {
        start();
      } catch (StorageException e) {
        LOG.warn("watch cache for {} could not re-list: {}", prefix, e.getMessage());
      }
    }, "watch-cache-relist");
    relist.setDaemon(true);
    relist.start();
  }

  /** Receives the storage watch. */
  private final class Feed implements KvWatch.Listener {
    @Override
    public void onEvent(KvEvent event) {
      apply(event);
    }

    @Override
    public void onError(StorageException error) {
      if (error.reason() != StorageException.Reason.CLOSED) {
        restart(error);
      }
    }

    @Override
    public void onProgress(long revision) {
      advance(revision);
    }
  }

  /** Events kept for replay; for tests and metrics. */
  int windowSize() {
    synchronized (lock) {
      return window.size();
    }
  }

  /** Live watchers; for tests and metrics. */
  int watcherCount() {
    return watchers.size();
  }
}
