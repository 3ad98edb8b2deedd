package dev.capstan.bench;

import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.sqlite.SqliteStores;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scenario 6: process start to the first answered request (a fresh data directory, which includes creating the
 * cluster CA; and a restart on an existing one), start with many stored objects until {@code /readyz} is 200,
 * embedded in-JVM start, idle RSS, and RSS with Pods stored. B-mock's start and idle RSS beside them.
 */
final class StartScenarios {
  private StartScenarios() {}

  static void run(Bench b) {
    Bench.section("6. start-up and memory");
    Report r = b.report;
    ObjectNode d = r.details("6-start");
    int runs = b.profile.runs();
    try {
      double[] fresh = new double[runs];
      double[] freshReady = new double[runs];
      double idleRss = Double.NaN;
      Path first = null;
      for (int i = 0; i < runs; i++) {
        Path dir = b.work.resolve("start-fresh-" + i);
        first = first == null ? dir : first;
        try (Procs.Capstan c = Procs.Capstan.launch(b.jar, dir, null)) {
          fresh[i] = c.awaitFirstAnswer(Duration.ofSeconds(60));
          freshReady[i] = c.awaitReady(Duration.ofSeconds(60));
          if (i == 0) {
            Thread.sleep(b.profile.name().equals("quick") ? 1_000 : 3_000);
            idleRss = c.rssMib();
          }
        }
      }
      double[] restart = new double[runs];
      for (int i = 0; i < runs; i++) {
        try (Procs.Capstan c = Procs.Capstan.launch(b.jar, first, null)) {
          restart[i] = c.awaitFirstAnswer(Duration.ofSeconds(60));
          c.awaitReady(Duration.ofSeconds(60));
        }
      }
      // The quick run leaves B-mock's starts out (three more JVM starts); its rows then carry no baseline.
      boolean quick = b.profile.name().equals("quick");
      double[] mockStart = new double[quick ? 0 : runs];
      double mockRss = Double.NaN;
      for (int i = 0; i < mockStart.length; i++) {
        Path log = b.work.resolve("mock-start-" + i + ".log");
        long t0 = System.nanoTime();
        Process mock = Procs.childJvm(MockServer.class, log, Integer.toString(Procs.freePort()));
        try {
          Procs.awaitLine(mock, log, "MOCK-READY", Duration.ofSeconds(60));
          mockStart[i] = (System.nanoTime() - t0) / 1e6;
          if (i == 0) {
            Thread.sleep(b.profile.name().equals("quick") ? 1_000 : 3_000);
            mockRss = Procs.rssMib(mock.pid());
          }
        } finally {
          Procs.stop(mock);
        }
      }
      d.put("freshFirstAnswerMs", Load.median(fresh));
      d.put("freshReadyMs", Load.median(freshReady));
      d.put("restartFirstAnswerMs", Load.median(restart));
      String mock = quick ? null : "B-mock";
      double mockMedian = quick ? Double.NaN : Load.median(mockStart);
      r.atMost("6", "start to first served request, new data dir (creates the CA)", "ms", mock, mockMedian,
          Load.median(fresh), 2000);
      r.atMost("6", "start to first served request, restart (empty store)", "ms", mock, mockMedian,
          Load.median(restart), 2000);
      r.info("6", "start to /readyz 200, new data dir", "ms", null, Double.NaN, Load.median(freshReady));
      r.atMost("6", "idle RSS of the all-in-one process", "MiB", mock, mockRss, idleRss, 512);
    } catch (Exception e) {
      r.notMeasured("6", "start to first served request", "failed: " + e);
    }
    stored(b);
    embedded(b);
    pods(b);
  }

  /** Stores objects straight into a stopped server's SQLite file, then times starts until /readyz is 200. */
  private static void stored(Bench b) {
    int count = b.profile.storedForStart();
    if (count == 0) {
      b.report.notMeasured("6", "start with objects stored", "QUICK=1 skips it (the full run stores 100,000)");
      return;
    }
    Path dir = b.work.resolve("start-stored");
    try {
      try (Procs.Capstan c = Procs.Capstan.start(b.jar, dir, null)) {
        HttpClient client = c.endpoint.client(HttpClient.Version.HTTP_2);
        Http.expect(client, Http.post(c.url() + "/api/v1/namespaces", Http.namespace("stored")), 201);
      }
      long t0 = System.nanoTime();
      String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      String payload = "x".repeat(b.objectBytes - 200);
      try (KvStore store = SqliteStores.open(dir.resolve("state.db"))) {
        AtomicLong next = new AtomicLong();
        Load.Sample s = Load.run(32, 600, (w, n) -> {
          long i = next.getAndIncrement();
          if (i >= count) {
            throw new Load.Stop();
          }
          String name = "s-" + i;
          store.create("/registry/configmaps/stored/" + name, ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
              + "\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"stored\",\"uid\":\"" + UUID.randomUUID()
              + "\",\"creationTimestamp\":\"" + created + "\"},\"data\":{\"payload\":\"" + payload + "\"}}")
              .getBytes(StandardCharsets.UTF_8));
        });
        if (s.ok() < count) {
          throw new IllegalStateException("stored only " + s.ok() + ": " + s.firstError());
        }
      }
      System.out.printf("  stored %d ConfigMaps in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
      double[] first = new double[b.profile.runs()];
      double[] ready = new double[b.profile.runs()];
      double rss = Double.NaN;
      for (int i = 0; i < first.length; i++) {
        try (Procs.Capstan c = Procs.Capstan.launch(b.jar, dir, null)) {
          first[i] = c.awaitFirstAnswer(Duration.ofSeconds(120));
          ready[i] = c.awaitReady(Duration.ofSeconds(120));
          rss = c.rssMib();
        }
      }
      b.report.atMost("6", "start to first served request, " + count + " objects stored", "ms", null, Double.NaN,
          Load.median(first), 2000);
      b.report.info("6", "start to /readyz 200, " + count + " objects stored", "ms", null, Double.NaN,
          Load.median(ready));
      b.report.info("6", "RSS once ready with " + count + " ConfigMaps stored", "MiB", null, Double.NaN, rss);
    } catch (Exception e) {
      b.report.notMeasured("6", "start with " + count + " objects stored", "failed: " + e);
    }
  }

  private static void embedded(Bench b) {
    Path log = b.work.resolve("embedded.log");
    try {
      Process p = Procs.childJvm(EmbeddedStart.class, log, Integer.toString(b.profile.warmEmbeddedStarts()));
      try {
        double cold = Double.parseDouble(Procs.awaitLine(p, log, "COLD", Duration.ofMinutes(3)));
        String[] warm = Procs.awaitLine(p, log, "WARM", Duration.ofMinutes(3)).split(" ");
        double[] w = new double[warm.length];
        for (int i = 0; i < warm.length; i++) {
          w[i] = Double.parseDouble(warm[i]);
        }
        b.report.atMost("6", "embedded start to first served request, cold JVM", "ms", null, Double.NaN, cold, 500);
        b.report.atMost("6", "embedded start to first served request, warm JVM (median of " + w.length + ")", "ms",
            null, Double.NaN, Load.median(w), 500);
      } finally {
        Procs.stop(p);
      }
    } catch (Exception e) {
      b.report.notMeasured("6", "embedded start", "failed: " + e);
    }
  }

  private static void pods(Bench b) {
    int count = b.profile.pods();
    try (Procs.Capstan c = Procs.Capstan.start(b.jar, b.work.resolve("start-pods"), null)) {
      HttpClient client = c.endpoint.client(HttpClient.Version.HTTP_2);
      Http.expect(client, Http.post(c.url() + "/api/v1/namespaces", Http.namespace("pods")), 201);
      String url = c.url() + "/api/v1/namespaces/pods/pods";
      double before = c.rssMib();
      AtomicLong next = new AtomicLong();
      List<String> errors = new ArrayList<>();
      long t0 = System.nanoTime();
      Load.Sample s = Load.run(32, 600, (w, n) -> {
        long i = next.getAndIncrement();
        if (i >= count) {
          throw new Load.Stop();
        }
        byte[] pod = ("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p-" + i + "\",\"namespace\":"
            + "\"pods\",\"labels\":{\"app\":\"bench\"}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":"
            + "\"registry.example/app:1.0\",\"ports\":[{\"containerPort\":8080}],\"resources\":{\"requests\":"
            + "{\"cpu\":\"100m\",\"memory\":\"64Mi\"}}}]}}").getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
          try {
            Http.expect(client, Http.post(url, pod), 201);
            return;
          } catch (java.io.IOException e) {
            // the namespace's default ServiceAccount may not exist yet right after the namespace is created
            if (attempt > 50) {
              synchronized (errors) {
                errors.add(e.getMessage());
              }
              throw e;
            }
            Thread.sleep(100);
          }
        }
      });
      if (s.ok() < count) {
        throw new IllegalStateException("created only " + s.ok() + " pods: " + s.firstError());
      }
      System.out.printf("  created %d Pods in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
      Thread.sleep(3_000);
      b.report.info("6", "RSS with " + count + " Pods stored (after creating them)", "MiB", "empty", before,
          c.rssMib());
    } catch (Exception e) {
      b.report.notMeasured("6", "RSS with " + count + " Pods", "failed: " + e);
    }
  }
}
