package dev.capstan.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scenarios 4 and 5: watch fan-out under a steady update rate, beside the B-hello streaming variant that writes
 * the same number of watch-shaped lines per second per stream from the same HTTP stack; then the same fan-out
 * with one extra watcher that stops reading.
 */
final class WatchScenarios {
  /** Objects the updates rotate over; each writer thread owns some of them. */
  private static final int OBJECTS = 64;
  private static final int WRITERS = 16;
  private static final String NS = "fanout";

  private WatchScenarios() {}

  static void run(Bench b) throws Exception {
    try (Procs.Capstan server = Procs.Capstan.start(b.jar, b.work.resolve("capstan-watch"), null)) {
      run(b, server);
    }
  }

  private static void run(Bench b, Procs.Capstan server) throws Exception {
    Bench.section("4. watch fan-out");
    Report r = b.report;
    ObjectNode d = r.details("4-watch");
    HttpClient client = server.endpoint.client(HttpClient.Version.HTTP_2);
    // B-hello starts while the objects are created; it serves with the server's CA, which exists by now.
    Path helloLog = b.work.resolve("hello-stream.log");
    int helloPort = Procs.freePort();
    Process hello = Procs.childJvm(HelloServer.class, helloLog, Integer.toString(helloPort),
        server.dataDir.resolve("pki").toString(), "1000", "1400");
    WatchStreams.Result baseline100 = null;
    int rate = b.profile.updatesPerSecond();
    double seconds = b.watchSeconds();
    try {
      Http.expect(client, Http.post(server.url() + "/api/v1/namespaces", Http.namespace(NS)), 201);
      for (int i = 0; i < OBJECTS; i++) {
        Http.expect(client, Http.post(server.url() + "/api/v1/namespaces/" + NS + "/configmaps",
            Http.configMap(NS, "o-" + i, b.objectBytes)), 201);
      }
      // One event line as Capstan writes it, so the B-hello stream sends lines of the same size.
      int eventBytes = eventSize(client, server.url());
      d.put("eventLineBytes", eventBytes);
      Procs.awaitLine(hello, helloLog, "HELLO-READY", Duration.ofSeconds(60));
      HttpClient helloClient = new Http.Endpoint("https://127.0.0.1:" + helloPort, server.endpoint.tls())
          .client(HttpClient.Version.HTTP_2);
      for (int watchers : b.profile.watcherCounts()) {
        List<WatchStreams.Result> capstan = new ArrayList<>();
        List<WatchStreams.Result> hellos = new ArrayList<>();
        for (int i = 0; i < b.profile.runs(); i++) {
          capstan.add(WatchStreams.apiFanout(server.endpoint, client, server.url(), NS, OBJECTS, watchers, rate,
              seconds, WRITERS, null));
          hellos.add(WatchStreams.helloFanout(helloClient, "https://127.0.0.1:" + helloPort, watchers, rate,
              Math.min(seconds, 10), eventBytes));
        }
        WatchStreams.Result c = median(capstan);
        WatchStreams.Result h = median(hellos);
        if (watchers == b.profile.watcherCounts()[0]) {
          baseline100 = c;
        }
        put(d, watchers + " watchers", "capstan", capstan);
        put(d, watchers + " watchers", "helloStream", hellos);
        boolean lossless = capstan.stream().allMatch(WatchStreams.Result::lossless);
        r.check("4", watchers + " watchers × " + rate + " updates/s: every event, in order", "runs lossless",
            capstan.stream().filter(WatchStreams.Result::lossless).count(), "zero loss in every run", lossless,
            describeLoss(capstan));
        r.info("4", watchers + " watchers: updates/s achieved", "/s", null, Double.NaN, c.updatesPerSecond());
        r.atLeast("4", watchers + " watchers: delivered events/s", "/s", "B-hello stream", h.deliveredPerSecond(),
            c.deliveredPerSecond(), 1);
        r.info("4", watchers + " watchers: delivered MB/s", "MB/s", "B-hello stream", h.bytesPerSecond() / 1e6,
            c.bytesPerSecond() / 1e6);
        r.info("4", watchers + " watchers: update sent → event received p50", "ms", "B-hello stream", h.p50Ms(),
            c.p50Ms());
        r.atMost("4", watchers + " watchers: update sent → event received p99", "ms", "B-hello stream", h.p99Ms(),
            c.p99Ms(), 100);
      }
    } finally {
      Procs.stop(hello);
    }
    if (b.profile.name().equals("quick")) {
      r.notMeasured("5", "slow watcher", "QUICK=1 skips it (each run streams 15 s so the stalled reader's kernel buffers fill)");
    } else if (baseline100 != null) {
      slowWatcher(b, server, client, rate, seconds, baseline100);
    }
  }

  private static void slowWatcher(Bench b, Procs.Capstan server, HttpClient client, int rate, double seconds,
      WatchStreams.Result undisturbed) throws Exception {
    Bench.section("5. slow watcher");
    Report r = b.report;
    int watchers = undisturbed.watchers();
    // The server can only notice once the kernel buffers between it and the stalled reader are full (megabytes
    // at this event rate), so these runs are long enough for that; the others' figures compare with scenario 4.
    double stallSeconds = Math.max(seconds, 15);
    Duration patience = Duration.ofSeconds((long) stallSeconds + 30);
    List<WatchStreams.Result> runs = new ArrayList<>();
    for (int i = 0; i < b.profile.runs(); i++) {
      runs.add(WatchStreams.apiFanout(server.endpoint, client, server.url(), NS, OBJECTS, watchers, rate,
          stallSeconds, WRITERS,
          path -> new WatchStreams.StalledWatcher(server.endpoint.tls(), server.port, path, patience)));
    }
    WatchStreams.Result s = median(runs);
    put(b.report.details("5-slow-watcher"), watchers + " watchers + 1 stalled", "capstan", runs);
    double[] closed = runs.stream().mapToDouble(WatchStreams.Result::stalledClosedAfterBlockedMs).toArray();
    double[] sinceStop = runs.stream().mapToDouble(WatchStreams.Result::stalledClosedMs).toArray();
    long blocked = runs.stream().filter(WatchStreams.Result::stallBlocked).count();
    long closedRuns = runs.stream().filter(x -> !Double.isNaN(x.stalledClosedAfterBlockedMs())).count();
    if (blocked == 0) {
      r.notMeasured("5", "stalled watcher closed after its connection stopped draining",
          "the server's send queue to it never filled in " + stallSeconds + " s (updates achieved "
              + Report.fmt(s.updatesPerSecond()) + "/s)");
    } else if (closedRuns == runs.size()) {
      r.atMost("5", "stalled watcher closed after its connection stopped draining", "ms", null, Double.NaN,
          Load.median(closed), 1000);
    } else {
      r.check("5", "stalled watcher closed after its connection stopped draining", "ms", Double.NaN, "≤ 1000 ms",
          false, "not closed within " + patience.toSeconds() + " s after its send queue filled, in " + (runs.size() - closedRuns)
              + " of " + runs.size() + " runs (send queue full in " + blocked + ")");
    }
    r.info("5", "stalled watcher closed after it stopped reading (includes filling kernel buffers)", "ms", null,
        Double.NaN, Load.median(sinceStop));
    r.atMostRatio("5", watchers + " others' p99 with one stalled", "ms", "undisturbed", undisturbed.p99Ms(), s.p99Ms(),
        2, "≤ 2× undisturbed");
    r.info("5", watchers + " others' delivered events/s with one stalled", "/s", "undisturbed",
        undisturbed.deliveredPerSecond(), s.deliveredPerSecond());
    r.check("5", "others lossless with one stalled", "runs lossless",
        runs.stream().filter(WatchStreams.Result::lossless).count(), "zero loss", runs.stream()
            .allMatch(WatchStreams.Result::lossless), describeLoss(runs));
  }

  private static int eventSize(HttpClient client, String base) throws Exception {
    String url = base + "/api/v1/namespaces/" + NS + "/configmaps";
    String rv = Http.resourceVersion(Http.expect(client, Http.get(url + "?limit=1"), 200));
    WatchStreams.Scanner s = new WatchStreams.Scanner(OBJECTS);
    s.open(client, url + "?watch=1&resourceVersion=" + rv);
    try {
      Http.expect(client, Http.mergePatch(url + "/o-0", "{\"data\":{\"bseq\":\"0:0:1\"}}".getBytes()), 200);
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (s.events < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      if (s.events < 1) {
        throw new IllegalStateException("no watch event within 30 s");
      }
      return (int) s.bytes;
    } finally {
      s.cancel();
    }
  }

  private static String describeLoss(List<WatchStreams.Result> runs) {
    StringBuilder sb = new StringBuilder();
    for (WatchStreams.Result x : runs) {
      if (!x.lossless()) {
        sb.append(sb.length() == 0 ? "" : "; ").append(x.watchersWithLoss()).append(" watchers short (min ")
            .append(x.minReceived()).append(" of ").append(x.expected()).append("; ").append(x.closedEarly())
            .append(" of them closed by the server), ").append(x.misordered())
            .append(" out of order, digests ").append(x.digestsMatch() ? "match" : "differ")
            .append(x.updateErrors() > 0 ? ", " + x.updateErrors() + " update errors" : "");
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  static WatchStreams.Result median(List<WatchStreams.Result> runs) {
    return new WatchStreams.Result(runs.get(0).watchers(),
        (long) Load.median(runs.stream().mapToDouble(WatchStreams.Result::expected).toArray()),
        runs.stream().mapToLong(WatchStreams.Result::minReceived).min().orElse(0),
        runs.stream().mapToInt(WatchStreams.Result::watchersWithLoss).max().orElse(0),
        runs.stream().mapToInt(WatchStreams.Result::closedEarly).max().orElse(0),
        runs.stream().mapToLong(WatchStreams.Result::misordered).sum(),
        runs.stream().allMatch(WatchStreams.Result::digestsMatch),
        Load.median(runs.stream().mapToDouble(WatchStreams.Result::deliveredPerSecond).toArray()),
        Load.median(runs.stream().mapToDouble(WatchStreams.Result::bytesPerSecond).toArray()),
        Load.median(runs.stream().mapToDouble(WatchStreams.Result::p50Ms).toArray()),
        Load.median(runs.stream().mapToDouble(WatchStreams.Result::p99Ms).toArray()),
        Load.median(runs.stream().mapToDouble(WatchStreams.Result::updatesPerSecond).toArray()),
        runs.stream().mapToLong(WatchStreams.Result::updateErrors).sum(),
        Load.median(runs.stream().mapToDouble(WatchStreams.Result::stalledClosedMs).toArray()),
        Load.median(runs.stream().mapToDouble(WatchStreams.Result::stalledClosedAfterBlockedMs).toArray()),
        runs.stream().anyMatch(WatchStreams.Result::stallBlocked));
  }

  private static void put(ObjectNode d, String group, String name, List<WatchStreams.Result> runs) {
    var array = d.withObjectProperty(group).putArray(name);
    for (WatchStreams.Result x : runs) {
      ObjectNode o = array.addObject();
      o.put("expectedPerWatcher", x.expected());
      o.put("minReceived", x.minReceived());
      o.put("watchersWithLoss", x.watchersWithLoss());
      o.put("closedEarlyByServer", x.closedEarly());
      o.put("misordered", x.misordered());
      o.put("digestsMatch", x.digestsMatch());
      o.put("deliveredPerSecond", x.deliveredPerSecond());
      o.put("bytesPerSecond", x.bytesPerSecond());
      o.put("p50ms", x.p50Ms());
      o.put("p99ms", x.p99Ms());
      o.put("updatesPerSecond", x.updatesPerSecond());
      o.put("updateErrors", x.updateErrors());
      if (!Double.isNaN(x.stalledClosedMs())) {
        o.put("stalledClosedMs", x.stalledClosedMs());
      }
      if (!Double.isNaN(x.stalledClosedAfterBlockedMs())) {
        o.put("stalledClosedAfterBlockedMs", x.stalledClosedAfterBlockedMs());
      }
      o.put("stallBlocked", x.stallBlocked());
    }
  }
}
