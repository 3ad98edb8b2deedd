package dev.capstan.bench;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code make bench}: starts each system as its own process (Capstan's jar on sqlite and on etcd, a real etcd,
 * the B-hello and B-mock servers, the B-sqlite writer), drives it from this JVM, and prints one markdown table of
 * Capstan beside its baselines, all measured in this run. Writes {@code bench/results/<date>-<commit>.json}.
 *
 * <p>Arguments: {@code --jar dist/capstan.jar --out bench/results --commit <sha> [--quick]
 * [--watch-seconds N]}.
 */
public final class Bench {
  final Profile profile;
  final Report report = new Report();
  final Path jar;
  final Path work;
  /** The size of the ConfigMaps the scenarios write, and what Capstan stores for one (B-etcd writes the same). */
  final int objectBytes = 1024;
  byte[] storedValue;
  private final double watchSeconds;
  /** The scenario numbers to run (all unless {@code --only}, which is for working on one scenario). */
  private String only;

  private Bench(Profile profile, Path jar, Path work, double watchSeconds) {
    this.profile = profile;
    this.jar = jar;
    this.work = work;
    this.watchSeconds = watchSeconds;
  }

  double watchSeconds() {
    return watchSeconds;
  }

  public static void main(String[] args) throws Exception {
    // The mock server's certificate names no address; the JDK client checks names unless told not to.
    System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
    Path jar = Path.of("dist/capstan.jar");
    Path out = Path.of("bench/results");
    String commit = "unknown";
    boolean quick = false;
    double watchSeconds = -1;
    String only = "1234567";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jar" -> jar = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--commit" -> commit = args[++i];
        case "--quick" -> quick = true;
        case "--watch-seconds" -> watchSeconds = Double.parseDouble(args[++i]);
        case "--only" -> only = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Profile profile = quick ? Profile.quick() : Profile.full();
    Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "capstan-bench-");
    Bench b = new Bench(profile, jar.toAbsolutePath(), work, watchSeconds > 0 ? watchSeconds : profile.watchSeconds());
    b.only = only;
    long t0 = System.nanoTime();
    b.machine(commit);
    b.runAll();
    b.report.root.withObjectProperty("machine").put("loadAverageAfter", loadAverage());
    b.report.root.put("elapsedSeconds", Math.round((System.nanoTime() - t0) / 1e9));
    String date = LocalDate.now().toString();
    Path file = out.resolve(date + "-" + commit.substring(0, Math.min(12, commit.length()))
        + (quick ? "-quick" : "") + ".json");
    b.report.write(file);
    System.out.println();
    System.out.println("## Capstan bench (" + profile.name() + "), commit " + commit + ", " + ZonedDateTime.now());
    ObjectNode m = (ObjectNode) b.report.root.get("machine");
    System.out.println("machine: " + m.get("nproc") + " cpus, load before " + m.get("loadAverageBefore").asString()
        + ", after " + m.get("loadAverageAfter").asString() + "; " + m.get("jvm").asString());
    System.out.println();
    System.out.print(b.report.table());
    System.out.println();
    keepOnlyLogs(work);
    System.out.println("written " + file + " in " + Math.round((System.nanoTime() - t0) / 1e9) + " s; logs in " + work);
    System.exit(0);
  }

  /** The stores run to hundreds of megabytes; the logs are what a reader of the run may want. */
  private static void keepOnlyLogs(Path work) {
    try (var paths = Files.walk(work)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          if (Files.isDirectory(p)) {
            try (var entries = Files.list(p)) {
              if (entries.findAny().isEmpty()) {
                Files.delete(p);
              }
            }
          } else if (!p.toString().endsWith(".log")) {
            Files.delete(p);
          }
        } catch (java.io.IOException e) {
          // left behind; harmless
        }
      });
    } catch (java.io.IOException e) {
      System.out.println("could not tidy " + work + ": " + e.getMessage());
    }
  }

  private void machine(String commit) throws Exception {
    ObjectNode root = report.root;
    root.put("commit", commit);
    root.put("date", ZonedDateTime.now().toString());
    root.put("profile", profile.name());
    ObjectNode m = root.putObject("machine");
    m.put("nproc", Runtime.getRuntime().availableProcessors());
    m.put("loadAverageBefore", loadAverage());
    m.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.replaceFirst("^[^:]*:\\s*", "")).orElse("unknown"));
    m.put("memTotal", Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " "));
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("loadGeneratorJvmFlags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    m.put("serverJvmFlags", "none: java -jar (JVM defaults; default max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB on this machine)");
    m.put("etcd", command("etcd", "--version").lines().findFirst().orElse("unknown"));
    m.put("workDir", work.toString());
    m.put("watchSeconds", watchSeconds);
    System.out.println("machine: " + m);
  }

  private void runAll() throws Exception {
    try (Procs.Etcd etcd = new Procs.Etcd(work.resolve("etcd"))) {
      if (only.contains("6")) {
        StartScenarios.run(this);
      }
      if (only.contains("1") || only.contains("2") || only.contains("7")) {
        Systems systems = new Systems(this, etcd);
        try {
          systems.runCrud();
        } finally {
          systems.close();
        }
      }
      try {
        if (only.contains("3")) {
          ListScenario.run(this);
        }
      } catch (Exception e) {
        report.notMeasured("3", "LIST", "failed: " + e);
        e.printStackTrace();
      }
      try {
        if (only.contains("4")) {
          WatchScenarios.run(this);
        }
      } catch (Exception e) {
        report.notMeasured("4-5", "watch scenarios", "failed: " + e);
        e.printStackTrace();
      }
    }
  }

  /** A warm-up run, then {@code profile.runs} measured runs, each with a fresh call from {@code calls}. */
  Load.Sample repeat(int concurrency, Supplier<Load.Call> calls) {
    Load.run(concurrency, Math.min(0.5, profile.seconds()), calls.get());
    List<Load.Sample> samples = new ArrayList<>();
    for (int i = 0; i < profile.runs(); i++) {
      samples.add(Load.run(concurrency, profile.seconds(), calls.get()));
    }
    return Load.median(samples);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "unknown";
    }
  }

  static String command(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static final long STARTED = System.nanoTime();

  /** A section header with the time since the run began, so the harness's own budget can be traced. */
  static void section(String title) {
    System.out.printf("== %s (at %d s, load %s)%n", title, (System.nanoTime() - STARTED) / 1_000_000_000L,
        loadAverage());
  }

  /** The long-running systems of scenarios 1 and 2, started once and stopped together. */
  static final class Systems implements AutoCloseable {
    private final Bench b;
    private final Procs.Etcd etcd;
    private final List<AutoCloseable> closers = new ArrayList<>();
    private Procs.Capstan sqlite;
    private Procs.Capstan onEtcd;
    private Client jetcd;
    private Process mock;
    private String mockUrl;
    private Process hello;
    private String helloUrl;

    Systems(Bench b, Procs.Etcd etcd) {
      this.b = b;
      this.etcd = etcd;
    }

    void runCrud() throws Exception {
      section("starting the systems for create and GET");
      // Start times are measured in scenario 6; here the servers start side by side to save the harness's time.
      sqlite = Procs.Capstan.launch(b.jar, b.work.resolve("capstan-sqlite"), null);
      closers.add(sqlite);
      onEtcd = Procs.Capstan.launch(b.jar, b.work.resolve("capstan-etcd"), etcd.url);
      closers.add(onEtcd);
      int mockPort = Procs.freePort();
      Path mockLog = b.work.resolve("mock.log");
      mock = Procs.childJvm(MockServer.class, mockLog, Integer.toString(mockPort));
      closers.add(() -> Procs.stop(mock));
      sqlite.awaitReady(Duration.ofSeconds(120));
      // B-hello serves with the sqlite server's CA, which exists once that server is ready.
      int helloPort = Procs.freePort();
      Path helloLog = b.work.resolve("hello.log");
      hello = Procs.childJvm(HelloServer.class, helloLog, Integer.toString(helloPort),
          b.work.resolve("capstan-sqlite/pki").toString(), Integer.toString(b.objectBytes), "1400");
      closers.add(() -> Procs.stop(hello));
      onEtcd.awaitReady(Duration.ofSeconds(120));
      jetcd = Client.builder().endpoints(etcd.url).build();
      closers.add(jetcd);
      KV kv = jetcd.getKVClient();
      HttpClient sqliteH2 = sqlite.endpoint.client(HttpClient.Version.HTTP_2);
      HttpClient sqliteH1 = sqlite.endpoint.client(HttpClient.Version.HTTP_1_1);
      HttpClient etcdH2 = onEtcd.endpoint.client(HttpClient.Version.HTTP_2);
      for (HttpClient c : List.of(sqliteH2, etcdH2)) {
        String base = c == sqliteH2 ? sqlite.url() : onEtcd.url();
        Http.expect(c, Http.post(base + "/api/v1/namespaces", Http.namespace(ApiScenarios.NS)), 201);
        Http.expect(c, Http.post(base + "/api/v1/namespaces/" + ApiScenarios.NS + "/configmaps",
            Http.configMap(ApiScenarios.NS, "target", b.objectBytes)), 201);
      }
      String targetPath = "/api/v1/namespaces/" + ApiScenarios.NS + "/configmaps/target";
      byte[] target = Http.expect(sqliteH2, Http.get(sqlite.url() + targetPath), 200);
      b.storedValue = target;
      b.report.details("objects").put("configMapGetBytes", target.length);
      // B-etcd's reads fetch a key holding what Capstan stores for the same object.
      kv.put(io.etcd.jetcd.ByteSequence.from("/bench/read/target", StandardCharsets.UTF_8),
          io.etcd.jetcd.ByteSequence.from(target)).get();

      Procs.awaitLine(mock, mockLog, "MOCK-READY", Duration.ofSeconds(60));
      mockUrl = "https://127.0.0.1:" + mockPort;
      HttpClient mockClient = new Http.Endpoint(mockUrl, Http.trustAll()).client(HttpClient.Version.HTTP_2);
      Http.expect(mockClient, Http.post(mockUrl + "/api/v1/namespaces/" + ApiScenarios.NS + "/configmaps",
          Http.configMap(ApiScenarios.NS, "target", b.objectBytes)), 201);

      Procs.awaitLine(hello, helloLog, "HELLO-READY", Duration.ofSeconds(60));
      helloUrl = "https://127.0.0.1:" + helloPort;
      Http.Endpoint helloEndpoint = new Http.Endpoint(helloUrl, sqlite.endpoint.tls());

      if (b.only.contains("1")) {
        creates(sqliteH2, etcdH2, kv, mockClient);
      }
      if (b.only.contains("2")) {
        gets(sqliteH2, sqliteH1, targetPath, kv, mockClient, helloEndpoint);
      }
      Procs.stop(mock);
      Procs.stop(hello);
      if (b.only.contains("7")) {
        crds(sqliteH2);
      }
    }

    /** Scenario 7 on the sqlite server, which the create runs have left holding a few thousand ConfigMaps. */
    private void crds(HttpClient client) {
      try {
        CrdScenario.run(b, client, sqlite.url());
      } catch (Exception e) {
        b.report.notMeasured("7", "CRDs", "failed: " + e);
        e.printStackTrace();
      }
    }

    private void creates(HttpClient sqliteH2, HttpClient etcdH2, KV kv, HttpClient mockClient) throws Exception {
      section("1. create");
      Report r = b.report;
      ObjectNode d = r.details("1-create");
      int[] cs = b.profile.concurrencies();
      Procs.awaitLine(sqliteBaseline(cs), b.work.resolve("b-sqlite.log"), "DONE",
          Duration.ofMinutes(10));
      List<String> lines = Files.readAllLines(b.work.resolve("b-sqlite.log"));
      long sqliteErrors = 0;
      for (int c : cs) {
        List<Load.Sample> base = new ArrayList<>();
        for (String l : lines) {
          String[] f = l.split(" ");
          if (f[0].equals("RESULT") && Integer.parseInt(f[1]) == c) {
            base.add(new Load.Sample(Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                Long.parseLong(f[5]), Long.parseLong(f[6]), f[7]));
          }
        }
        Load.Sample bSqlite = Load.median(base);
        Load.Sample cSqlite = createRuns(sqliteH2, sqlite.url(), c);
        Load.Sample cEtcd = createRuns(etcdH2, onEtcd.url(), c);
        Load.Sample bEtcd = ApiScenarios.etcdCreateRuns(b, kv, c);
        Load.Sample bMock = ApiScenarios.createRuns(b, mockClient, mockUrl, c);
        put(d, "C" + c, "capstanSqlite", cSqlite);
        put(d, "C" + c, "bSqlite", bSqlite);
        put(d, "C" + c, "capstanEtcd", cEtcd);
        put(d, "C" + c, "bEtcd", bEtcd);
        put(d, "C" + c, "bMock", bMock);
        sqliteErrors += cSqlite.errors();
        r.atLeast("1", "create/s sqlite, C=" + c, "/s", "B-sqlite", bSqlite.perSecond(), cSqlite.perSecond(), 0.5);
        r.info("1", "create p50 / p99 sqlite, C=" + c, "ms", "B-sqlite p99", bSqlite.p99(), cSqlite.p99());
        r.atLeast("1", "create/s etcd, C=" + c, "/s", "B-etcd", bEtcd.perSecond(), cEtcd.perSecond(), 0.5);
        if (c == 64) {
          r.atMost("1", "create p99 etcd, C=" + c, "ms", "B-etcd p99", bEtcd.p99(), cEtcd.p99(), 100);
        } else {
          r.info("1", "create p99 etcd, C=" + c, "ms", "B-etcd p99", bEtcd.p99(), cEtcd.p99());
        }
        r.atLeast("1", "create/s sqlite vs B-mock, C=" + c, "/s", "B-mock", bMock.perSecond(), cSqlite.perSecond(), 1);
      }
      r.check("1", "create errors on sqlite (any status but 201; kine's \"database is locked\")", "errors",
          sqliteErrors, "0", sqliteErrors == 0, sqliteErrors == 0 ? null : "first: " + firstError(d));
      int c = cs[cs.length / 2];
      Load.Sample update = ApiScenarios.updateRuns(b, etcdH2, onEtcd.url(), c);
      Load.Sample cas = ApiScenarios.etcdCasRuns(b, kv, c);
      put(d, "update-C" + c, "capstanEtcd", update);
      put(d, "update-C" + c, "bEtcdCas", cas);
      r.info("1", "update (merge patch)/s etcd, C=" + c, "/s", "B-etcd CAS", cas.perSecond(), update.perSecond());
      // What server-side apply costs over a plain update of the same object, same server, same run.
      Load.Sample put = ApiScenarios.wholeObjectRuns(b, sqliteH2, sqlite.url(), c, false);
      Load.Sample apply = ApiScenarios.wholeObjectRuns(b, sqliteH2, sqlite.url(), c, true);
      put(d, "put-C" + c, "capstanSqlite", put);
      put(d, "apply-C" + c, "capstanSqlite", apply);
      r.info("1", "apply PATCH/s sqlite, C=" + c, "/s", "PUT of the same object", put.perSecond(), apply.perSecond());
    }

    private Load.Sample createRuns(HttpClient client, String base, int c) {
      return ApiScenarios.createRuns(b, client, base, c);
    }

    private Process sqliteBaseline(int[] cs) throws Exception {
      List<String> args = new ArrayList<>(List.of(b.work.resolve("b-sqlite.db").toString(),
          Integer.toString(b.storedValue.length), Double.toString(b.profile.seconds()),
          Integer.toString(b.profile.runs())));
      for (int c : cs) {
        args.add(Integer.toString(c));
      }
      Process p = Procs.childJvm(SqliteBaseline.class, b.work.resolve("b-sqlite.log"), args.toArray(String[]::new));
      closers.add(() -> Procs.stop(p));
      return p;
    }

    private void gets(HttpClient sqliteH2, HttpClient sqliteH1, String targetPath, KV kv, HttpClient mockClient,
        Http.Endpoint helloEndpoint) {
      section("2. GET by name");
      Report r = b.report;
      ObjectNode d = r.details("2-get");
      HttpClient helloH2 = helloEndpoint.client(HttpClient.Version.HTTP_2);
      HttpClient helloH1 = helloEndpoint.client(HttpClient.Version.HTTP_1_1);
      String helloGet = helloUrl + "/hello?bytes=" + b.storedValue.length; // a body the size of the GET's
      // The baselines start cold while Capstan has just served the creates: warm every target's JIT alike.
      for (Load.Call warm : List.<Load.Call>of(
          (w, n) -> Http.expect(sqliteH2, Http.get(sqlite.url() + targetPath), 200),
          (w, n) -> Http.expect(sqliteH1, Http.get(sqlite.url() + targetPath), 200),
          (w, n) -> Http.expect(helloH2, Http.get(helloGet), 200),
          (w, n) -> Http.expect(helloH1, Http.get(helloGet), 200),
          (w, n) -> Http.expect(mockClient, Http.get(mockUrl + targetPath), 200))) {
        Load.run(16, 2 * b.profile.seconds(), warm);
      }
      for (int c : b.profile.concurrencies()) {
        Load.Sample h2 = ApiScenarios.getRuns(b, sqliteH2, sqlite.url() + targetPath, c);
        Load.Sample hello2 = ApiScenarios.getRuns(b, helloH2, helloGet, c);
        Load.Sample h1 = ApiScenarios.getRuns(b, sqliteH1, sqlite.url() + targetPath, c);
        Load.Sample hello1 = ApiScenarios.getRuns(b, helloH1, helloGet, c);
        Load.Sample etcdReads = ApiScenarios.etcdReadRuns(b, kv, "/bench/read/target", c);
        Load.Sample mockGets = ApiScenarios.getRuns(b, mockClient, mockUrl + targetPath, c);
        put(d, "C" + c, "capstanH2", h2);
        put(d, "C" + c, "helloH2", hello2);
        put(d, "C" + c, "capstanH1", h1);
        put(d, "C" + c, "helloH1", hello1);
        put(d, "C" + c, "bEtcdReads", etcdReads);
        put(d, "C" + c, "bMock", mockGets);
        r.atLeast("2", "GET/s HTTP/2, C=" + c, "/s", "B-hello", hello2.perSecond(), h2.perSecond(), 0.5);
        r.atLeast("2", "GET/s HTTP/1.1, C=" + c, "/s", "B-hello", hello1.perSecond(), h1.perSecond(), 0.5);
        r.atLeast("2", "GET/s vs etcd reads, C=" + c, "/s", "B-etcd", etcdReads.perSecond(), h2.perSecond(), 1);
        r.atLeast("2", "GET/s vs B-mock, C=" + c, "/s", "B-mock", mockGets.perSecond(), h2.perSecond(), 1);
        r.info("2", "GET p99 HTTP/2, C=" + c, "ms", "B-hello", hello2.p99(), h2.p99());
      }
    }

    private static void put(ObjectNode d, String group, String name, Load.Sample s) {
      ObjectNode o = d.withObjectProperty(group).putObject(name);
      o.put("perSecond", s.perSecond());
      o.put("p50ms", s.p50());
      o.put("p99ms", s.p99());
      o.put("ok", s.ok());
      o.put("errors", s.errors());
      if (s.firstError() != null) {
        o.put("firstError", s.firstError());
      }
    }

    private static String firstError(ObjectNode d) {
      for (var group : d.properties()) {
        for (var sys : group.getValue().properties()) {
          if (sys.getValue().has("firstError") && sys.getKey().equals("capstanSqlite")) {
            return sys.getValue().get("firstError").asString();
          }
        }
      }
      return "?";
    }

    @Override
    public void close() {
      for (int i = closers.size() - 1; i >= 0; i--) {
        try {
          closers.get(i).close();
        } catch (Exception e) {
          System.out.println("  closing: " + e);
        }
      }
    }
  }
}
