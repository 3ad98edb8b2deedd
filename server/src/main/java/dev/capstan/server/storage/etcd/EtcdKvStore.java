package dev.capstan.server.storage.etcd;

import dev.capstan.server.storage.KeyValue;
import dev.capstan.server.storage.KvEvent;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.KvWatch;
import dev.capstan.server.storage.Page;
import dev.capstan.server.storage.StorageException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store for clusters: etcd through jetcd. Every conditional write is one etcd transaction comparing the
 * key's mod revision, as upstream's etcd3 store does. Reads are linearizable (quorum) range reads; the current
 * revision comes from one, never from progress notifications, which Debian's etcd 3.4.23 cannot be trusted
 * with.
 */
final class EtcdKvStore implements KvStore {
  private static final long TIMEOUT_SECONDS = 30;

  private final Client client;
  private final KV kv;
  private final AtomicLong compacted = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  EtcdKvStore(Client client) {
    this.client = client;
    this.kv = client.getKVClient();
  }

  @Override
  public long currentRevision() {
    GetOption countOnly = GetOption.builder().withCountOnly(true).build();
    return await(kv.get(bytes("/"), countOnly)).getHeader().getRevision();
  }

  @Override
  public long compactedRevision() {
    return compacted.get();
  }

  @Override
  public Optional<KeyValue> get(String key) {
    List<io.etcd.jetcd.KeyValue> kvs = await(kv.get(bytes(key))).getKvs();
    return kvs.isEmpty() ? Optional.empty() : Optional.of(toKv(kvs.get(0)));
  }

  @Override
  public Page range(String prefix, long atRevision, String startAfter, int limit) {
    ByteSequence start = bytes(startAfter.isEmpty() ? prefix : startAfter + '\0');
    GetOption.Builder opt = GetOption.builder().withRange(prefixEnd(prefix)).withRevision(atRevision);
    if (limit > 0) {
      opt.withLimit(limit);
    }
    GetResponse r = await(kv.get(start, opt.build()), atRevision);
    List<KeyValue> out = new ArrayList<>(r.getKvs().size());
    r.getKvs().forEach(k -> out.add(toKv(k)));
    long at = atRevision == 0 ? r.getHeader().getRevision() : atRevision;
    return new Page(out, at, r.isMore(), r.isMore() ? r.getCount() : out.size());
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    StorageException.checkSize(key, value);
    ByteSequence k = bytes(key);
    TxnResponse r = await(kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(0)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit());
    if (!r.isSucceeded()) {
      throw StorageException.exists(key);
    }
    long rev = r.getHeader().getRevision();
    return new KeyValue(key, value.clone(), rev, rev);
  }

  @Override
  public KeyValue update(String key, long expectedModRevision, byte[] value) {
    StorageException.checkSize(key, value);
    ByteSequence k = bytes(key);
    TxnResponse r = await(kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit());
    if (!r.isSucceeded()) {
      throw lostCompare(key, r);
    }
    long createRevision = r.getPutResponses().get(0).getPrevKv().getCreateRevision();
    return new KeyValue(key, value.clone(), createRevision, r.getHeader().getRevision());
  }

  @Override
  public KeyValue delete(String key, long expectedModRevision) {
    ByteSequence k = bytes(key);
    TxnResponse r = await(kv.txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
        .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit());
    if (!r.isSucceeded()) {
      throw lostCompare(key, r);
    }
    io.etcd.jetcd.KeyValue prev = r.getDeleteResponses().get(0).getPrevKvs().get(0);
    return new KeyValue(key, prev.getValue().getBytes(), prev.getCreateRevision(), r.getHeader().getRevision());
  }

  /** etcd tells each watch its progress when asked (RequestProgress), which {@link #requestProgress} does. */
  @Override
  public boolean notifiesProgress() {
    return true;
  }

  @Override
  public void requestProgress() {
    checkOpen();
    client.getWatchClient().requestProgress();
  }

  @Override
  public KvWatch watch(String prefix, long afterRevision, KvWatch.Listener listener) {
    checkOpen();
    AtomicBoolean ended = new AtomicBoolean();
    WatchOption opt = WatchOption.builder()
        .withRange(prefixEnd(prefix))
        .withRevision(afterRevision + 1)
        .withPrevKV(true)
        .build();
    Watch.Watcher watcher = client.getWatchClient().watch(bytes(prefix), opt, new Watch.Listener() {
      @Override
      public void onNext(WatchResponse response) {
        if (response.isProgressNotify()) {
          if (!ended.get()) {
            listener.onProgress(response.getHeader().getRevision());
          }
          return;
        }
        for (WatchEvent e : response.getEvents()) {
          if (ended.get()) {
            return;
          }
          listener.onEvent(toEvent(e));
        }
      }

      @Override
      public void onError(Throwable t) {
        if (ended.compareAndSet(false, true)) {
          listener.onError(translateWatchError(t, afterRevision));
        }
      }

      @Override
      public void onCompleted() {
        if (ended.compareAndSet(false, true)) {
          listener.onError(StorageException.closed());
        }
      }
    });
    return () -> {
      ended.set(true);
      watcher.close();
    };
  }

  @Override
  public void compact(long revision) {
    if (revision <= compacted.get()) {
      return;
    }
    try {
      await(kv.compact(revision, CompactOption.builder().withCompactPhysical(true).build()));
    } catch (StorageException e) {
      if (e.reason() != StorageException.Reason.COMPACTED) {
        throw e;
      }
    }
    compacted.accumulateAndGet(revision, Math::max);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.close();
    }
  }

  private StorageException lostCompare(String key, TxnResponse r) {
    List<io.etcd.jetcd.KeyValue> current = r.getGetResponses().get(0).getKvs();
    return current.isEmpty() ? StorageException.notFound(key) : StorageException.conflict(key, toKv(current.get(0)));
  }

  private StorageException translateWatchError(Throwable t, long afterRevision) {
    if (t instanceof CompactedException ce) {
      compacted.accumulateAndGet(ce.getCompactedRevision(), Math::max);
      return StorageException.compacted(afterRevision, ce.getCompactedRevision());
    }
    return translate(t, afterRevision);
  }

  private <T> T await(CompletableFuture<T> f) {
    return await(f, 0);
  }

  /** Waits for etcd; {@code revision} is the one a read asked for, named in revision errors. */
  private <T> T await(CompletableFuture<T> f, long revision) {
    checkOpen();
    try {
      return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StorageException.unavailable("interrupted while waiting for etcd", e);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw StorageException.timeout("etcd did not answer within " + TIMEOUT_SECONDS + "s", e);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), revision);
    }
  }

  private StorageException translate(Throwable t, long revision) {
    String message = String.valueOf(t.getMessage());
    if (message.contains("required revision has been compacted")) {
      return StorageException.compacted(revision, compacted.get());
    }
    if (message.contains("required revision is a future revision")) {
      return StorageException.futureRevision(revision, 0);
    }
    if (message.contains("request is too large")) {
      return StorageException.tooLarge("", MAX_REQUEST_BYTES + 1L);
    }
    if (message.contains("DEADLINE_EXCEEDED")) {
      return StorageException.timeout("etcd: " + message, t);
    }
    return StorageException.unavailable("etcd: " + message, t);
  }

  private static KvEvent toEvent(WatchEvent e) {
    io.etcd.jetcd.KeyValue k = e.getKeyValue();
    io.etcd.jetcd.KeyValue p = e.getPrevKV();
    KeyValue prev = p == null || p.getModRevision() == 0 ? null : toKv(p);
    if (e.getEventType() == WatchEvent.EventType.DELETE) {
      byte[] last = prev == null ? new byte[0] : prev.value();
      long createRevision = prev == null ? 0 : prev.createRevision();
      return new KvEvent(KvEvent.Type.DELETE,
          new KeyValue(k.getKey().toString(StandardCharsets.UTF_8), last, createRevision, k.getModRevision()), prev);
    }
    return new KvEvent(KvEvent.Type.PUT, toKv(k), prev);
  }

  private static KeyValue toKv(io.etcd.jetcd.KeyValue k) {
    return new KeyValue(k.getKey().toString(StandardCharsets.UTF_8), k.getValue().getBytes(),
        k.getCreateRevision(), k.getModRevision());
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /** etcd's range end for a prefix: the prefix with its last byte incremented ("\0" for the empty prefix). */
  private static ByteSequence prefixEnd(String prefix) {
    byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xff) {
        byte[] end = java.util.Arrays.copyOf(b, i + 1);
        end[i]++;
        return ByteSequence.from(end);
      }
    }
    return ByteSequence.from(new byte[] {0});
  }

  private void checkOpen() {
    if (closed.get()) {
      throw StorageException.closed();
    }
  }
}
