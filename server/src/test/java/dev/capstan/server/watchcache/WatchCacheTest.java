package dev.capstan.server.watchcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.storage.KeyValue;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.memory.MemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class WatchCacheTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PREFIX = "/registry/configmaps/";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private KvStore kv;
  private WatchCache cache;

  @BeforeEach
  void open() {
    kv = MemoryStores.open();
  }

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
    kv.close();
  }

  @Test
  void listsWhatStorageHasAndFollowsIt() throws Exception {
    kv.create(PREFIX + "default/a", cm("a", "1"));
    kv.create("/registry/secrets/default/s", cm("s", "x"));
    cache = start(100);
    assertThat(names(cache.list(0, WAIT))).containsExactly("a");

    KeyValue b = kv.create(PREFIX + "default/b", cm("b", "1"));
    WatchCache.Snapshot snapshot = cache.list(b.modRevision(), WAIT);
    assertThat(names(snapshot)).containsExactly("a", "b");
    assertThat(snapshot.revision()).isEqualTo(b.modRevision());
    assertThat(snapshot.objects().get(1).resourceVersion()).isEqualTo(Long.toString(b.modRevision()));
  }

  @Test
  void writesElsewhereMoveTheCacheToTheStoresRevisionSoItServesConsistentReads() throws Exception {
    kv.create(PREFIX + "default/a", cm("a", "1"));
    cache = start(100);
    KeyValue elsewhere = kv.create("/registry/secrets/default/s", cm("s", "x"));
    assertThat(kv.notifiesProgress()).isTrue();
    WatchCache.Snapshot snapshot = cache.list(kv.currentRevision(), WAIT);
    assertThat(snapshot.revision()).isEqualTo(elsewhere.modRevision());
    assertThat(names(snapshot)).containsExactly("a");
    // A watch from that revision starts after it: the next change under the prefix is its first event.
    CacheWatcher w = cache.watch(snapshot.revision(), e -> true, 10);
    kv.create(PREFIX + "default/b", cm("b", "1"));
    assertThat(take(w, 1)).extracting(e -> e.object().name()).containsExactly("b");
    w.close();
  }

  @Test
  void aWatchReplaysTheWindowThenFollowsLiveEventsInOrder() throws Exception {
    cache = start(100);
    long start = cache.revision();
    KeyValue a = kv.create(PREFIX + "default/a", cm("a", "1"));
    KeyValue a2 = kv.update(PREFIX + "default/a", a.modRevision(), cm("a", "2"));
    cache.list(a2.modRevision(), WAIT);

    try (CacheWatcher w = cache.watch(start, e -> true, 100)) {
      KeyValue gone = kv.delete(PREFIX + "default/a", a2.modRevision());
      List<CacheEvent> events = take(w, 3);
      assertThat(events).extracting(CacheEvent::type).containsExactly(CacheEvent.Type.ADDED,
          CacheEvent.Type.MODIFIED, CacheEvent.Type.DELETED);
      assertThat(events).extracting(CacheEvent::revision)
          .containsExactly(a.modRevision(), a2.modRevision(), gone.modRevision());
      assertThat(events.get(1).previous().node().get("data").get("v").asString()).isEqualTo("1");
      assertThat(events.get(2).object().resourceVersion()).isEqualTo(Long.toString(gone.modRevision()));
      assertThat(new String(events.get(0).objectJson(), StandardCharsets.UTF_8)).contains("\"name\":\"a\"");
    }
  }

  @Test
  void aWatchFromBeforeTheWindowIsGone() throws Exception {
    cache = start(3);
    long start = cache.revision();
    KeyValue last = null;
    for (int i = 0; i < 5; i++) {
      last = kv.create(PREFIX + "default/n" + i, cm("n" + i, "x"));
    }
    cache.list(last.modRevision(), WAIT);
    assertThatThrownBy(() -> cache.watch(start, e -> true, 10))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(410);
          assertThat(e.reason()).isEqualTo("Expired");
          assertThat(e.getMessage()).startsWith("too old resource version: " + start + " (");
        });
    try (CacheWatcher w = cache.watch(last.modRevision() - 2, e -> true, 10)) {
      assertThat(take(w, 2)).extracting(ev -> ev.object().name()).containsExactly("n3", "n4");
    }
  }

  @Test
  void aWatcherThatDoesNotReadIsClosedAndTheOthersGetEverything() throws Exception {
    cache = start(1000);
    long start = cache.revision();
    CacheWatcher stalled = cache.watch(start, e -> true, 5);
    CacheWatcher reader = cache.watch(start, e -> true, 1000);
    List<CacheEvent> received = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      kv.create(PREFIX + "default/n" + i, cm("n" + i, "x"));
    }
    received.addAll(take(reader, 50));
    assertThat(received).extracting(CacheEvent::revision).isSorted().doesNotHaveDuplicates().hasSize(50);
    assertThat(stalled.end()).isEqualTo(CacheWatcher.End.TOO_SLOW);
    assertThat(cache.watcherCount()).isEqualTo(1);
    reader.close();
    assertThat(cache.watcherCount()).isZero();
  }

  @Test
  void filtersApplyPerWatcher() throws Exception {
    cache = start(100);
    long start = cache.revision();
    try (CacheWatcher onlyKube = cache.watch(start, e -> e.key().startsWith(PREFIX + "kube-system/"), 100)) {
      kv.create(PREFIX + "default/a", cm("a", "1"));
      kv.create(PREFIX + "kube-system/b", cm("b", "1"));
      assertThat(take(onlyKube, 1)).extracting(e -> e.object().name()).containsExactly("b");
    }
  }

  @Test
  void aListAtAFutureRevisionTimesOutWithUpstreamsError() {
    cache = start(10);
    long future = cache.revision() + 10;
    assertThatThrownBy(() -> cache.list(future, Duration.ofMillis(100)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(504);
          assertThat(e.getMessage()).startsWith("Too large resource version: " + future);
        });
  }

  @Test
  void closingTheCacheEndsEveryWatch() {
    cache = start(10);
    CacheWatcher w = cache.watch(cache.revision(), e -> true, 10);
    cache.close();
    assertThat(w.end()).isEqualTo(CacheWatcher.End.CACHE_STOPPED);
  }

  private WatchCache start(int capacity) {
    WatchCache c = new WatchCache(kv, PREFIX, capacity, k -> {
      ObjectNode node = (ObjectNode) JSON.readTree(k.value());
      KubeObject o = KubeObject.wrap(node);
      o.setResourceVersion(Long.toString(k.modRevision()));
      return o;
    });
    c.start();
    return c;
  }

  private static List<String> names(WatchCache.Snapshot s) {
    return s.objects().stream().map(KubeObject::name).toList();
  }

  private static List<CacheEvent> take(CacheWatcher w, int n) throws InterruptedException {
    List<CacheEvent> out = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (out.size() < n) {
      assertThat(System.nanoTime()).as("%d of %d events, end %s", out.size(), n, w.end()).isLessThan(deadline);
      CacheEvent e = w.next(Duration.ofMillis(100));
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private static byte[] cm(String name, String value) {
    return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\"},\"data\":{\"v\":\"" + value + "\"}}").getBytes(StandardCharsets.UTF_8);
  }
}
