package dev.capstan.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scenario 3: LIST of 10,000 and 30,000 ConfigMaps from the watch cache (consistent read, no resourceVersion)
 * versus forced to storage (a limit above the count, which the cache does not serve), whole and with a label
 * selector that matches nothing (upstream's KEP-2340 benchmark shape), and the server's RSS growth during a LIST.
 */
final class ListScenario {
  private ListScenario() {}

  static void run(Bench b, Procs.Capstan server) throws Exception {
    Bench.section("3. LIST");
    Report r = b.report;
    ObjectNode d = r.details("3-list");
    HttpClient client = server.endpoint.client(HttpClient.Version.HTTP_2);
    int[] sizes = b.profile.listSizes();
    // The first size lives in namespace list-a; the rest in list-b, so the largest is a cluster-wide LIST.
    fill(b, client, server.url(), "list-a", sizes[0]);
    if (sizes.length > 1) {
      fill(b, client, server.url(), "list-b", sizes[sizes.length - 1] - sizes[0]);
    }
    int reps = Math.max(b.profile.runs(), 5);
    for (int size : sizes) {
      String path = size == sizes[0] ? "/api/v1/namespaces/list-a/configmaps" : "/api/v1/configmaps";
      String url = server.url() + path;
      for (boolean selective : new boolean[] {false, true}) {
        String sel = selective ? "labelSelector=bench%3Dnothing" : "";
        double cache = timeList(client, url + (selective ? "?" + sel : ""), reps, null);
        double cacheRv0 = timeList(client, url + "?resourceVersion=0" + (selective ? "&" + sel : ""), reps, null);
        double storage = timeList(client, url + "?limit=1000000" + (selective ? "&" + sel : ""), reps, null);
        String what = "LIST " + size + (selective ? " (selector matching none)" : "");
        d.put(what + " cache ms", cache);
        d.put(what + " cache rv=0 ms", cacheRv0);
        d.put(what + " storage ms", storage);
        r.atMostRatio("3", what + ": cache vs storage", "ms", "storage", storage, cache, 0.05, "≤ 5 % of storage");
        r.info("3", what + ": cache with resourceVersion=0", "ms", "storage", storage, cacheRv0);
      }
      if (size == sizes[sizes.length - 1]) {
        double[] cacheRss = new double[1];
        double[] storageRss = new double[1];
        timeList(client, url, 1, () -> cacheRss[0] = peakGrowth(server));
        timeList(client, url + "?limit=1000000", 1, () -> storageRss[0] = peakGrowth(server));
        r.info("3", "server RSS growth during a LIST of " + size + " from cache", "MiB", null, Double.NaN,
            cacheRss[0]);
        r.info("3", "server RSS growth during a LIST of " + size + " from storage", "MiB", null, Double.NaN,
            storageRss[0]);
      }
    }
    mockList(b, sizes[0], d);
  }

  /** Creates {@code count} ConfigMaps in a new namespace, 16 at a time. */
  static void fill(Bench b, HttpClient client, String base, String namespace, int count) throws Exception {
    Http.expect(client, Http.post(base + "/api/v1/namespaces", Http.namespace(namespace)), 201);
    String url = base + "/api/v1/namespaces/" + namespace + "/configmaps";
    AtomicLong next = new AtomicLong();
    long t0 = System.nanoTime();
    Load.Sample s = Load.run(16, 600, (w, n) -> {
      long i = next.getAndIncrement();
      if (i >= count) {
        throw new Load.Stop();
      }
      Http.expect(client, Http.post(url, Http.configMap(namespace, "o-" + i, b.objectBytes)), 201);
    });
    System.out.printf("  filled %s with %d ConfigMaps in %.1f s%n", namespace, count, (System.nanoTime() - t0) / 1e9);
    if (s.ok() < count) {
      throw new IllegalStateException("only " + s.ok() + " of " + count + " creates succeeded: " + s.firstError());
    }
  }

  /** Median milliseconds of {@code reps} LISTs; {@code during}, when given, runs beside the first one. */
  private static double timeList(HttpClient client, String url, int reps, Runnable during) throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      Thread side = null;
      if (during != null) {
        side = new Thread(during);
        side.start();
      }
      long t0 = System.nanoTime();
      Http.expect(client, Http.get(url), 200);
      times.add((System.nanoTime() - t0) / 1e6);
      if (side != null) {
        side.interrupt();
        side.join();
      }
    }
    return Load.median(times.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Samples the server's RSS every 5 ms until interrupted; returns the peak above the first sample, in MiB. */
  private static double peakGrowth(Procs.Capstan server) {
    double before = server.rssMib();
    double peak = before;
    while (!Thread.currentThread().isInterrupted()) {
      peak = Math.max(peak, server.rssMib());
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        break;
      }
    }
    return peak - before;
  }

  /** B-mock's LIST of the first size, when its CRUD store can be filled in reasonable time. */
  private static void mockList(Bench b, int size, ObjectNode d) {
    Path log = b.work.resolve("mock-list.log");
    Process mock = null;
    try {
      int port = Procs.freePort();
      mock = Procs.childJvm(MockServer.class, log, Integer.toString(port));
      Procs.awaitLine(mock, log, "MOCK-READY", Duration.ofSeconds(60));
      String base = "https://127.0.0.1:" + port;
      HttpClient client = new Http.Endpoint(base, Http.trustAll()).client(HttpClient.Version.HTTP_2);
      fill(b, client, base, "list-a", size);
      double mockMs = timeList(client, base + "/api/v1/namespaces/list-a/configmaps", Math.max(b.profile.runs(), 5),
          null);
      double cache = d.get("LIST " + size + " cache ms").asDouble();
      d.put("LIST " + size + " B-mock ms", mockMs);
      b.report.atMostRatio("3", "LIST " + size + " from cache vs B-mock", "ms", "B-mock", mockMs, cache, 1,
          "≤ 1× B-mock");
    } catch (Exception e) {
      b.report.notMeasured("3", "LIST " + size + " vs B-mock", "B-mock failed: " + e.getMessage());
    } finally {
      Procs.stop(mock);
    }
  }
}
