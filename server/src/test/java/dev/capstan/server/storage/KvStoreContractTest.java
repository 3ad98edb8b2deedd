package dev.capstan.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The contract every {@link KvStore} backend keeps; one subclass per backend. Each test works under a prefix
 * of its own, so a backend may share one server (etcd) across tests.
 */
@SuppressWarnings("try") // watches held open by try-with-resources without being referenced
public abstract class KvStoreContractTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  protected KvStore store;
  protected String p;

  /** A new store for one test; closed after it. */
  protected abstract KvStore openStore() throws Exception;

  @BeforeEach
  void open(TestInfo info) throws Exception {
    store = openStore();
    p = "/registry/" + info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime() + "/";
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void createThenGetAndCreateAgainIsKeyExists() {
    long before = store.currentRevision();
    KeyValue created = store.create(p + "a", bytes("one"));
    assertThat(created.modRevision()).isGreaterThan(before);
    assertThat(created.createRevision()).isEqualTo(created.modRevision());
    assertThat(store.currentRevision()).isEqualTo(created.modRevision());

    KeyValue got = store.get(p + "a").orElseThrow();
    assertThat(text(got)).isEqualTo("one");
    assertThat(got.modRevision()).isEqualTo(created.modRevision());
    assertThat(store.get(p + "missing")).isEmpty();

    assertThatThrownBy(() -> store.create(p + "a", bytes("two")))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.KEY_EXISTS));
    assertThat(text(store.get(p + "a").orElseThrow())).isEqualTo("one");
  }

  @Test
  void aWatchHearsTheStoreMoveOnWhenAskedThoughNothingMatched() throws Exception {
    Recorder r = new Recorder();
    KvWatch w = store.watch(p + "quiet/", store.currentRevision(), r);
    try {
      KeyValue elsewhere = store.create(p + "loud/k", bytes("v"));
      assertThat(store.notifiesProgress()).isTrue();
      long deadline = System.nanoTime() + WAIT.toNanos();
      long seen = 0;
      while (seen < elsewhere.modRevision() && System.nanoTime() < deadline) {
        store.requestProgress();
        Long next = r.progress.poll(200, TimeUnit.MILLISECONDS);
        seen = next == null ? seen : Math.max(seen, next);
      }
      assertThat(seen).as("progress reported").isGreaterThanOrEqualTo(elsewhere.modRevision());
      assertThat(r.events).isEmpty();
    } finally {
      w.close();
    }
  }

  @Test
  void updateIsConditionalOnModRevision() {
    KeyValue v1 = store.create(p + "k", bytes("1"));
    KeyValue v2 = store.update(p + "k", v1.modRevision(), bytes("2"));
    assertThat(v2.modRevision()).isGreaterThan(v1.modRevision());
    assertThat(v2.createRevision()).isEqualTo(v1.createRevision());

    assertThatThrownBy(() -> store.update(p + "k", v1.modRevision(), bytes("stale")))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.reason()).isEqualTo(StorageException.Reason.CONFLICT);
          assertThat(e.current().modRevision()).isEqualTo(v2.modRevision());
          assertThat(text(e.current())).isEqualTo("2");
        });
    assertThatThrownBy(() -> store.update(p + "nope", 1, bytes("x")))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.KEY_NOT_FOUND));
    assertThat(text(store.get(p + "k").orElseThrow())).isEqualTo("2");
  }

  @Test
  void deleteIsConditionalAndFreesTheKey() {
    KeyValue v1 = store.create(p + "d", bytes("v"));
    KeyValue v2 = store.update(p + "d", v1.modRevision(), bytes("w"));
    assertThatThrownBy(() -> store.delete(p + "d", v1.modRevision()))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.CONFLICT));

    KeyValue deleted = store.delete(p + "d", v2.modRevision());
    assertThat(text(deleted)).isEqualTo("w");
    assertThat(deleted.modRevision()).isGreaterThan(v2.modRevision());
    assertThat(store.get(p + "d")).isEmpty();
    assertThatThrownBy(() -> store.delete(p + "d", deleted.modRevision()))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.KEY_NOT_FOUND));

    KeyValue again = store.create(p + "d", bytes("new"));
    assertThat(again.createRevision()).isEqualTo(again.modRevision()).isGreaterThan(deleted.modRevision());
  }

  @Test
  void rangeReturnsOnlyThePrefixInKeyOrder() {
    store.create(p + "b", bytes("b"));
    store.create(p + "a", bytes("a"));
    store.create(p + "c/x", bytes("cx"));
    store.create(p.substring(0, p.length() - 1) + "0", bytes("sibling outside the prefix"));

    Page all = store.range(p, 0, "", 0);
    assertThat(keys(all)).containsExactly(p + "a", p + "b", p + "c/x");
    assertThat(all.more()).isFalse();
    assertThat(all.revision()).isEqualTo(store.currentRevision());
    assertThat(keys(store.range(p + "c/", 0, "", 0))).containsExactly(p + "c/x");
  }

  @Test
  void aPageCountsTheKeysOfItsRangeAsEtcdDoes() {
    for (int i = 0; i < 7; i++) {
      store.create(p + i, bytes("v" + i));
    }
    store.create(p.substring(0, p.length() - 1) + "0", bytes("sibling outside the prefix"));
    Page first = store.range(p, 0, "", 3);
    assertThat(first.more()).isTrue();
    assertThat(first.count()).isEqualTo(7);
    long at = first.revision();
    store.delete(p + "6", store.get(p + "6").orElseThrow().modRevision()); // after the snapshot
    Page second = store.range(p, at, first.lastKey(), 3);
    assertThat(second.count()).as("counted from the start key, at the page's revision").isEqualTo(4);
    assertThat(store.range(p, 0, first.lastKey(), 3).count()).as("and at the current one").isEqualTo(3);
    Page last = store.range(p, at, second.lastKey(), 3);
    assertThat(last.more()).isFalse();
    assertThat(last.count()).isEqualTo(1);
  }

  @Test
  void pagesAtAFixedRevisionAreOneSnapshotWhileWritesGoOn() {
    Map<String, KeyValue> live = new TreeMap<>();
    for (int i = 0; i < 25; i++) {
      String k = p + String.format("%03d", i);
      live.put(k, store.create(k, bytes("v" + i)));
    }
    Map<String, String> snapshot = new TreeMap<>();
    live.forEach((k, v) -> snapshot.put(k, text(v)));

    List<String> seenKeys = new ArrayList<>();
    Map<String, String> seen = new TreeMap<>();
    Page page = store.range(p, 0, "", 10);
    long at = page.revision();
    int writes = 0;
    while (true) {
      for (KeyValue kv : page.kvs()) {
        seenKeys.add(kv.key());
        seen.put(kv.key(), text(kv));
      }
      // Writes between pages: change a key not yet read, delete one, add one; none may show in this list.
      String ahead = p + String.format("%03d", 24 - writes);
      KeyValue cur = store.get(ahead).orElseThrow();
      store.update(ahead, cur.modRevision(), bytes("changed"));
      store.delete(p + String.format("%03d", 20 - writes), store.get(p + String.format("%03d", 20 - writes))
          .orElseThrow().modRevision());
      store.create(p + "new-" + writes, bytes("late"));
      writes++;
      if (!page.more()) {
        break;
      }
      page = store.range(p, at, page.lastKey(), 10);
      assertThat(page.revision()).isEqualTo(at);
    }
    assertThat(seenKeys).isSorted().doesNotHaveDuplicates();
    assertThat(seen).isEqualTo(snapshot);
    assertThat(store.range(p, 0, "", 0).revision()).isGreaterThan(at);
  }

  @Test
  void watchFromARevisionReplaysThenFollowsWithPreviousValues() throws Exception {
    KeyValue a = store.create(p + "a", bytes("a1"));
    long start = store.currentRevision();
    KeyValue a2 = store.update(p + "a", a.modRevision(), bytes("a2"));
    KeyValue b = store.create(p + "b", bytes("b1"));
    store.create("/elsewhere-" + System.nanoTime(), bytes("not watched"));
    KeyValue aDel = store.delete(p + "a", a2.modRevision());

    Recorder rec = new Recorder();
    try (KvWatch w = store.watch(p, start, rec)) {
      KeyValue b2 = store.update(p + "b", b.modRevision(), bytes("b2"));
      KeyValue c = store.create(p + "c", bytes("c1"));

      List<KvEvent> events = rec.take(5);
      assertThat(events).extracting(KvEvent::revision)
          .containsExactly(a2.modRevision(), b.modRevision(), aDel.modRevision(), b2.modRevision(), c.modRevision());
      assertThat(events).extracting(KvEvent::type).containsExactly(KvEvent.Type.PUT, KvEvent.Type.PUT,
          KvEvent.Type.DELETE, KvEvent.Type.PUT, KvEvent.Type.PUT);

      KvEvent update = events.get(0);
      assertThat(text(update.kv())).isEqualTo("a2");
      assertThat(text(update.prevKv())).isEqualTo("a1");
      assertThat(update.prevKv().modRevision()).isEqualTo(a.modRevision());
      assertThat(events.get(1).prevKv()).isNull();
      assertThat(events.get(1).isCreate()).isTrue();
      KvEvent deletion = events.get(2);
      assertThat(deletion.kv().key()).isEqualTo(p + "a");
      assertThat(text(deletion.prevKv())).isEqualTo("a2");
      assertThat(text(events.get(3).prevKv())).isEqualTo("b1");
      assertThat(rec.errors).isEmpty();
    }
  }

  @Test
  void liveWatchSeesEveryEventInOrderWithoutGaps() throws Exception {
    Recorder rec = new Recorder();
    long start = store.currentRevision();
    int n = 300;
    try (KvWatch w = store.watch(p, start, rec)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < n / 4; i++) {
            store.create(p + thread + "-" + i, bytes("x"));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      List<KvEvent> events = rec.take(n);
      assertThat(events).extracting(KvEvent::revision).isSorted().doesNotHaveDuplicates();
      assertThat(events).extracting(e -> e.kv().key()).doesNotHaveDuplicates().hasSize(n);
      assertThat(events.get(0).revision()).isGreaterThan(start);
    }
  }

  @Test
  void compactedHistoryIsAClearErrorForReadsAndWatches() throws Exception {
    KeyValue v1 = store.create(p + "k", bytes("1"));
    KeyValue v2 = store.update(p + "k", v1.modRevision(), bytes("2"));
    KeyValue v3 = store.update(p + "k", v2.modRevision(), bytes("3"));
    store.compact(v3.modRevision());

    assertThatThrownBy(() -> store.range(p, v1.modRevision(), "", 0))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.COMPACTED));
    Recorder rec = new Recorder();
    try (KvWatch w = store.watch(p, v1.modRevision(), rec)) {
      StorageException e = rec.errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(e).isNotNull();
      assertThat(e.reason()).isEqualTo(StorageException.Reason.COMPACTED);
      assertThat(e.getMessage()).contains("compacted");
    }

    // The value at the compaction point is kept, and watching from it works.
    assertThat(text(store.range(p, v3.modRevision(), "", 0).kvs().get(0))).isEqualTo("3");
    Recorder after = new Recorder();
    try (KvWatch w = store.watch(p, v3.modRevision(), after)) {
      KeyValue v4 = store.update(p + "k", v3.modRevision(), bytes("4"));
      KvEvent e = after.take(1).get(0);
      assertThat(e.revision()).isEqualTo(v4.modRevision());
      assertThat(text(e.prevKv())).isEqualTo("3");
    }
  }

  @Test
  void concurrentCompareAndSwapIncrementsLoseNothing() throws Exception {
    String key = p + "counter";
    store.create(key, bytes("0"));
    int threads = 8;
    int perThread = 200;
    AtomicInteger conflicts = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) {
          while (true) {
            KeyValue cur = store.get(key).orElseThrow();
            int next = Integer.parseInt(text(cur)) + 1;
            try {
              store.update(key, cur.modRevision(), bytes(Integer.toString(next)));
              break;
            } catch (StorageException e) {
              assertThat(e.reason()).isEqualTo(StorageException.Reason.CONFLICT);
              conflicts.incrementAndGet();
            }
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertThat(text(store.get(key).orElseThrow())).isEqualTo(Integer.toString(threads * perThread));
  }

  @Test
  void oneMebibyteValuesRoundTrip() {
    byte[] big = new byte[1024 * 1024];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    KeyValue created = store.create(p + "big", big);
    assertThat(store.get(p + "big").orElseThrow().value()).isEqualTo(big);
    big[0] ^= 1;
    store.update(p + "big", created.modRevision(), big);
    assertThat(Arrays.equals(store.get(p + "big").orElseThrow().value(), big)).isTrue();
  }

  @Test
  void overLimitValueIsRejectedClearly() {
    byte[] tooBig = new byte[KvStore.MAX_REQUEST_BYTES + 1];
    assertThatThrownBy(() -> store.create(p + "huge", tooBig))
        .isInstanceOfSatisfying(StorageException.class, e -> {
          assertThat(e.reason()).isEqualTo(StorageException.Reason.TOO_LARGE);
          assertThat(e.getMessage()).contains("request is too large").contains(p + "huge")
              .contains(Integer.toString(KvStore.MAX_REQUEST_BYTES));
        });
    assertThat(store.get(p + "huge")).isEmpty();
  }

  @Test
  void readingAFutureRevisionIsAnError() {
    store.create(p + "x", bytes("x"));
    long future = store.currentRevision() + 1000;
    assertThatThrownBy(() -> store.range(p, future, "", 0))
        .isInstanceOfSatisfying(StorageException.class,
            e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.FUTURE_REVISION));
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static String text(KeyValue kv) {
    return new String(kv.value(), StandardCharsets.UTF_8);
  }

  private static List<String> keys(Page page) {
    return page.kvs().stream().map(KeyValue::key).toList();
  }

  /** Collects a watch's events and errors for a test to wait on. */
  protected static final class Recorder implements KvWatch.Listener {
    final BlockingQueue<KvEvent> events = new LinkedBlockingQueue<>();
    final BlockingQueue<StorageException> errors = new LinkedBlockingQueue<>();
    final BlockingQueue<Long> progress = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(KvEvent event) {
      events.add(event);
    }

    @Override
    public void onProgress(long revision) {
      progress.add(revision);
    }

    @Override
    public void onError(StorageException error) {
      errors.add(error);
    }

    List<KvEvent> take(int n) throws InterruptedException {
      List<KvEvent> out = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (out.size() < n) {
        KvEvent e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError("timed out after " + out.size() + " of " + n + " events; errors: " + errors);
        }
        out.add(e);
      }
      return out;
    }
  }
}
