package dev.capstan.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** Scenarios 1 and 2: create throughput and latency, GET by name throughput, each beside its baselines. */
final class ApiScenarios {
  static final String NS = "bench";
  private static final AtomicInteger ROUND = new AtomicInteger();

  private ApiScenarios() {}

  /** POSTs of new ConfigMaps (about 1 KiB) through the API; each worker names its own. */
  static Load.Sample createRuns(Bench b, HttpClient client, String apiBase, int concurrency) {
    String url = apiBase + "/api/v1/namespaces/" + NS + "/configmaps";
    return b.repeat(concurrency, () -> {
      int round = ROUND.incrementAndGet();
      return (w, n) -> Http.expect(client, Http.post(url, Http.configMap(NS, "c" + round + "-" + w + "-" + n,
          b.objectBytes)), 201);
    });
  }

  /** B-etcd: create-if-absent transactions (version = 0, then put), as a store's create. */
  static Load.Sample etcdCreateRuns(Bench b, KV kv, int concurrency) {
    ByteSequence value = ByteSequence.from(b.storedValue);
    return b.repeat(concurrency, () -> {
      int round = ROUND.incrementAndGet();
      return (w, n) -> {
        ByteSequence key = ByteSequence.from("/bench/etcd/" + round + "/" + w + "-" + n, StandardCharsets.UTF_8);
        TxnResponse r = kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
            .Then(Op.put(key, value, PutOption.DEFAULT)).commit().get();
        if (!r.isSucceeded()) {
          throw new IllegalStateException("key existed");
        }
      };
    });
  }

  /** B-etcd: compare-and-swap updates (mod revision equal, then put), each worker on its own key. */
  static Load.Sample etcdCasRuns(Bench b, KV kv, int concurrency) {
    ByteSequence value = ByteSequence.from(b.storedValue);
    return b.repeat(concurrency, () -> {
      int round = ROUND.incrementAndGet();
      long[] revisions = new long[concurrency];
      return (w, n) -> {
        ByteSequence key = ByteSequence.from("/bench/cas/" + round + "/" + w, StandardCharsets.UTF_8);
        TxnResponse r = kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(revisions[w])))
            .Then(Op.put(key, value, PutOption.DEFAULT)).commit().get();
        if (!r.isSucceeded()) {
          throw new IllegalStateException("lost the compare-and-swap");
        }
        revisions[w] = r.getHeader().getRevision();
      };
    });
  }

  /** Capstan updates: merge patches, each worker on its own ConfigMap (created first). */
  static Load.Sample updateRuns(Bench b, HttpClient client, String apiBase, int concurrency) throws Exception {
    String url = apiBase + "/api/v1/namespaces/" + NS + "/configmaps";
    int round = ROUND.incrementAndGet();
    for (int w = 0; w < concurrency; w++) {
      Http.expect(client, Http.post(url, Http.configMap(NS, "u" + round + "-" + w, b.objectBytes)), 201);
    }
    return b.repeat(concurrency, () -> (w, n) -> Http.expect(client, Http.mergePatch(url + "/u" + round + "-" + w,
        ("{\"data\":{\"bseq\":\"" + n + "\"}}").getBytes(StandardCharsets.UTF_8)), 200));
  }

  /**
   * The same change written two ways, each worker on its own ConfigMap: a whole-object PUT (no resourceVersion,
   * so unconditional) or a server-side apply of the same object, which also merges and tracks managedFields.
   */
  static Load.Sample wholeObjectRuns(Bench b, HttpClient client, String apiBase, int concurrency, boolean apply)
      throws Exception {
    String url = apiBase + "/api/v1/namespaces/" + NS + "/configmaps";
    int round = ROUND.incrementAndGet();
    for (int w = 0; w < concurrency; w++) {
      Http.expect(client, Http.post(url, Http.configMap(NS, "w" + round + "-" + w, b.objectBytes)), 201);
    }
    return b.repeat(concurrency, () -> (w, n) -> {
      String name = "w" + round + "-" + w;
      byte[] body = new String(Http.configMap(NS, name, b.objectBytes), StandardCharsets.UTF_8)
          .replace("\"bseq\":\"0:0:0\"", "\"bseq\":\"" + n + "\"").getBytes(StandardCharsets.UTF_8);
      Http.expect(client, apply ? Http.apply(url + "/" + name, "bench", body) : Http.put(url + "/" + name, body),
          200);
    });
  }

  static Load.Sample getRuns(Bench b, HttpClient client, String url, int concurrency) {
    return b.repeat(concurrency, () -> (w, n) -> Http.expect(client, Http.get(url), 200));
  }

  static Load.Sample etcdReadRuns(Bench b, KV kv, String key, int concurrency) {
    ByteSequence k = ByteSequence.from(key, StandardCharsets.UTF_8);
    return b.repeat(concurrency, () -> (w, n) -> {
      if (kv.get(k).get().getKvs().isEmpty()) {
        throw new IllegalStateException("no such key " + key);
      }
    });
  }
}
