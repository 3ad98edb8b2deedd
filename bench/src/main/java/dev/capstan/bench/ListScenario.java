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

  static void run(Bench b) throws Exception {
    Bench.section("3. LIST");
    Path dir = b.work.resolve("capstan-list");
    try (Procs.Capstan server = Procs.Capstan.start(b.jar, dir, null)) {
      timings(b, server);
    }
    if (b.profile.name().equals("quick")) {
      b.report.notMeasured("3", "LIST memory and B-mock LIST", "QUICK=1 skips them (a fresh server and B-mock start)");
      return;
    }
    // Memory on a freshly started process: in one that has run for a while the heap is already committed and
    // a LIST's garbage would not show in RSS at all.
    try (Procs.Capstan server = Procs.Capstan.start(b.jar, dir, null)) {
      memory(b, server);
      mockList(b, server, server.endpoint.client(HttpClient.Version.HTTP_2), b.report.details("3-list"));
    }
  }

  private static void timings(Bench b, Procs.Capstan server) throws Exception {
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
        double cache = timeList(client, url + (selective ? "?" + sel : ""), reps);
        double cacheRv0 = timeList(client, url + "?resourceVersion=0" + (selective ? "&" + sel : ""), reps);
        // Storage LISTs are the slow ones (seconds at 30,000): the profile's run count, not the cache's 5.
        double storage = timeList(client, url + "?limit=1000000" + (selective ? "&" + sel : ""),
            b.profile.runs());
        String what = "LIST " + size + (selective ? " (selector matching none)" : "");
        d.put(what + " cache ms", cache);
        d.put(what + " cache rv=0 ms", cacheRv0);
        d.put(what + " storage ms", storage);
        r.atMostRatio("3", what + ": cache vs storage", "ms", "storage", storage, cache, 0.05, "≤ 5 % of storage");
        r.info("3", what + ": cache with resourceVersion=0", "ms", "storage", storage, cacheRv0);
      }
    }
  }

  private static void memory(Bench b, Procs.Capstan server) throws Exception {
    HttpClient client = server.endpoint.client(HttpClient.Version.HTTP_2);
    int[] sizes = b.profile.listSizes();
    int size = sizes[sizes.length - 1];
    String url = server.url() + (sizes.length == 1 ? "/api/v1/namespaces/list-a/configmaps" : "/api/v1/configmaps");
    double cache = rssGrowth(server, () -> Http.expect(client, Http.get(url), 200));
    double storage = rssGrowth(server, () -> Http.expect(client, Http.get(url + "?limit=1000000"), 200));
    b.report.info("3", "server RSS growth during a LIST of " + size + " from cache (fresh process)", "MiB", null,
        Double.NaN, cache);
    b.report.info("3", "server RSS growth during a LIST of " + size + " from storage (fresh process)", "MiB", null,
        Double.NaN, storage);
  }

  @FunctionalInterface
  private interface Request {
    void run() throws Exception;
  }

  /** Peak RSS above the level before the request, sampled every 2 ms while it runs, in MiB. */
  private static double rssGrowth(Procs.Capstan server, Request request) throws Exception {
    double before = server.rssMib();
    double[] peak = {before};
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak[0] = Math.max(peak[0], server.rssMib());
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    try {
      request.run();
      Thread.sleep(20);
    } finally {
      sampler.interrupt();
      sampler.join();
    }
    return Math.max(peak[0], server.rssMib()) - before;
  }

  /** Creates {@code count} ConfigMaps in a new namespace, 32 at a time. */
  static void fill(Bench b, HttpClient client, String base, String namespace, int count) throws Exception {
    Http.expect(client, Http.post(base + "/api/v1/namespaces", Http.namespace(namespace)), 201);
    String url = base + "/api/v1/namespaces/" + namespace + "/configmaps";
    AtomicLong next = new AtomicLong();
    long t0 = System.nanoTime();
    Load.Sample s = Load.run(32, 600, (w, n) -> {
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

  /** Median milliseconds of {@code reps} LISTs. */
  private static double timeList(HttpClient client, String url, int reps) throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      Http.expect(client, Http.get(url), 200);
      times.add((System.nanoTime() - t0) / 1e6);
    }
    return Load.median(times.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * B-mock's LIST beside Capstan's of the same small count: the mock's CRUD store slows down as it grows (10,000
   * creates took minutes), so both hold {@code MOCK_SIZE} objects in a namespace of their own.
   */
  private static void mockList(Bench b, Procs.Capstan server, HttpClient capstan, ObjectNode d) {
    int size = 2_000;
    Path log = b.work.resolve("mock-list.log");
    Process mock = null;
    try {
      int port = Procs.freePort();
      mock = Procs.childJvm(MockServer.class, log, Integer.toString(port)); // starts while Capstan is filled
      fill(b, capstan, server.url(), "list-m", size);
      int reps = Math.max(b.profile.runs(), 5);
      double cache = timeList(capstan, server.url() + "/api/v1/namespaces/list-m/configmaps", reps);
      Procs.awaitLine(mock, log, "MOCK-READY", Duration.ofSeconds(60));
      String base = "https://127.0.0.1:" + port;
      HttpClient client = new Http.Endpoint(base, Http.trustAll()).client(HttpClient.Version.HTTP_2);
      fill(b, client, base, "list-m", size);
      double mockMs = timeList(client, base + "/api/v1/namespaces/list-m/configmaps", reps);
      d.put("LIST " + size + " cache ms", cache);
      d.put("LIST " + size + " B-mock ms", mockMs);
      b.report.atMostRatio("3", "LIST " + size + " from cache vs B-mock", "ms", "B-mock", mockMs, cache, 1,
          "≤ 1× B-mock");
    } catch (Exception e) {
      b.report.notMeasured("3", "LIST " + size + " vs B-mock", "failed: " + e.getMessage());
    } finally {
      Procs.stop(mock);
    }
  }
}
