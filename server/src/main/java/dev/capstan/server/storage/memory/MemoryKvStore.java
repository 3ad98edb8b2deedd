package dev.capstan.server.storage.memory;

import dev.capstan.server.storage.KeyValue;
import dev.capstan.server.storage.KvEvent;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.KvWatch;
import dev.capstan.server.storage.LocalWatchHub;
import dev.capstan.server.storage.Page;
import dev.capstan.server.storage.StorageException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A store held in memory: every version of every key since the last compaction, so range reads at an old
 * revision and watch replays work as on etcd. One lock guards all state; no operation calls out under it.
 */
final class MemoryKvStore implements KvStore {
  private final Object lock = new Object();
  /** Versions per key, oldest first; a deletion is a version whose value is null. Guarded by lock. */
  private final TreeMap<String, List<Version>> keys = new TreeMap<>();
  /** Every event after the compacted revision, in order. Guarded by lock. */
  private final ArrayDeque<KvEvent> events = new ArrayDeque<>();
  private final LocalWatchHub hub;
  private long revision; // guarded by lock
  private long compacted; // guarded by lock
  private boolean closed; // guarded by lock

  private record Version(long modRevision, long createRevision, byte[] value) {
    KeyValue toKv(String key) {
      return new KeyValue(key, value, createRevision, modRevision);
    }
  }

  MemoryKvStore() {
    this.hub = new LocalWatchHub(this::eventsBetween, 0);
  }

  @Override
  public long currentRevision() {
    synchronized (lock) {
      return revision;
    }
  }

  @Override
  public long compactedRevision() {
    synchronized (lock) {
      return compacted;
    }
  }

  @Override
  public Optional<KeyValue> get(String key) {
    synchronized (lock) {
      checkOpen();
      return Optional.ofNullable(latestLive(key));
    }
  }

  @Override
  public Page range(String prefix, long atRevision, String startAfter, int limit) {
    synchronized (lock) {
      checkOpen();
      long at = atRevision == 0 ? revision : atRevision;
      if (at > revision) {
        throw StorageException.futureRevision(at, revision);
      }
      if (at < compacted) {
        throw StorageException.compacted(at, compacted);
      }
      Map<String, List<Version>> view = startAfter.isEmpty()
          ? keys.tailMap(prefix, true) : keys.tailMap(startAfter, false);
      List<KeyValue> out = new ArrayList<>();
      long count = 0;
      for (Map.Entry<String, List<Version>> e : view.entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          break;
        }
        Version v = versionAt(e.getValue(), at);
        if (v == null || v.value == null) {
          continue;
        }
        count++;
        if (limit == 0 || out.size() < limit) {
          out.add(v.toKv(e.getKey()));
        }
      }
      return new Page(out, at, count > out.size(), count);
    }
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    StorageException.checkSize(key, value);
    KvEvent event;
    synchronized (lock) {
      checkOpen();
      if (latestLive(key) != null) {
        throw StorageException.exists(key);
      }
      long rev = ++revision;
      Version v = new Version(rev, rev, value.clone());
      keys.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
      event = new KvEvent(KvEvent.Type.PUT, v.toKv(key), null);
      commitLocked(event);
    }
    return event.kv();
  }

  @Override
  public KeyValue update(String key, long expectedModRevision, byte[] value) {
    StorageException.checkSize(key, value);
    KvEvent event;
    synchronized (lock) {
      checkOpen();
      KeyValue prev = expectLocked(key, expectedModRevision);
      long rev = ++revision;
      Version v = new Version(rev, prev.createRevision(), value.clone());
      keys.get(key).add(v);
      event = new KvEvent(KvEvent.Type.PUT, v.toKv(key), prev);
      commitLocked(event);
    }
    return event.kv();
  }

  @Override
  public KeyValue delete(String key, long expectedModRevision) {
    KvEvent event;
    synchronized (lock) {
      checkOpen();
      KeyValue prev = expectLocked(key, expectedModRevision);
      long rev = ++revision;
      keys.get(key).add(new Version(rev, prev.createRevision(), null));
      event = new KvEvent(KvEvent.Type.DELETE, new KeyValue(key, prev.value(), prev.createRevision(), rev), prev);
      commitLocked(event);
    }
    return event.kv();
  }

  @Override
  public boolean notifiesProgress() {
    return true;
  }

  @Override
  public KvWatch watch(String prefix, long afterRevision, KvWatch.Listener listener) {
    synchronized (lock) {
      checkOpen();
    }
    // A compacted start fails in the replay: eventsBetween throws COMPACTED, which ends the watch.
    return hub.watch(prefix, afterRevision, listener);
  }

  @Override
  public void compact(long rev) {
    synchronized (lock) {
      checkOpen();
      if (rev <= compacted) {
        return;
      }
      if (rev > revision) {
        throw StorageException.futureRevision(rev, revision);
      }
      compacted = rev;
      while (!events.isEmpty() && events.peekFirst().revision() <= rev) {
        events.removeFirst();
      }
      Iterator<Map.Entry<String, List<Version>>> it = keys.entrySet().iterator();
      while (it.hasNext()) {
        List<Version> versions = it.next().getValue();
        int keepFrom = 0;
        for (int i = 0; i < versions.size() && versions.get(i).modRevision <= rev; i++) {
          keepFrom = i;
        }
        versions.subList(0, keepFrom).clear();
        if (versions.get(0).modRevision <= rev && versions.get(0).value == null) {
          versions.remove(0);
        }
        if (versions.isEmpty()) {
          it.remove();
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    hub.close();
  }

  private List<KvEvent> eventsBetween(String prefix, long after, long upTo) {
    synchronized (lock) {
      if (after < compacted) {
        throw StorageException.compacted(after, compacted);
      }
      List<KvEvent> out = new ArrayList<>();
      for (KvEvent e : events) {
        if (e.revision() > upTo) {
          break;
        }
        if (e.revision() > after && e.kv().key().startsWith(prefix)) {
          out.add(e);
        }
      }
      return out;
    }
  }

  private void commitLocked(KvEvent event) {
    events.addLast(event);
    hub.publish(List.of(event));
  }

  private KeyValue expectLocked(String key, long expectedModRevision) {
    KeyValue current = latestLive(key);
    if (current == null) {
      throw StorageException.notFound(key);
    }
    if (current.modRevision() != expectedModRevision) {
      throw StorageException.conflict(key, current);
    }
    return current;
  }

  private KeyValue latestLive(String key) {
    List<Version> versions = keys.get(key);
    if (versions == null) {
      return null;
    }
    Version v = versions.get(versions.size() - 1);
    return v.value == null ? null : v.toKv(key);
  }

  private static Version versionAt(List<Version> versions, long at) {
    for (int i = versions.size() - 1; i >= 0; i--) {
      if (versions.get(i).modRevision <= at) {
        return versions.get(i);
      }
    }
    return null;
  }

  private void checkOpen() {
    if (closed) {
      throw StorageException.closed();
    }
  }
}
