package dev.capstan.bench;

import dev.capstan.embedded.EmbeddedCapstan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Core API figures: embedded start to first served request, GET by name throughput, LIST of 10,000
 * ConfigMaps from the watch cache and from storage, and how many concurrent watchers one server holds. The server
 * under load runs as its own process ({@code dist/capstan.jar}, sqlite, default settings); the client is fabric8
 * in this JVM. Prints one line per figure. Run with {@code make bench-core}.
 */
public final class CoreApiFigures {
  private static final int OBJECTS = 10_000;
  private static final String DATA = "x".repeat(1_000);

  private CoreApiFigures() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "dist/capstan.jar").toAbsolutePath();
    System.out.printf("machine: %d cpus, load %s, java %s%n", Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).trim(), System.getProperty("java.version"));
    embeddedStart();
    Path dir = Files.createTempDirectory("capstan-bench-");
    try (ServerProcess server = ServerProcess.start(jar, dir);
         KubernetesClient client = new KubernetesClientBuilder().withConfig(server.config()).build()) {
      getByName(client);
      lists(client);
      watchers(client, server);
    }
  }

  /** In this JVM: start, answer one request, stop; the first run is cold, the rest warm. */
  private static void embeddedStart() {
    List<Long> warm = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long t0 = System.nanoTime();
      try (EmbeddedCapstan capstan = EmbeddedCapstan.start(); KubernetesClient c = capstan.newClient()) {
        c.namespaces().withName("default").get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (i == 0) {
          System.out.printf("embedded start to first served request, cold JVM: %d ms%n", ms);
        } else {
          warm.add(ms);
        }
      }
    }
    System.out.printf("embedded start to first served request, warm JVM: median %d ms of %d%n", median(warm),
        warm.size());
  }

  private static void getByName(KubernetesClient client) throws Exception {
    client.configMaps().inNamespace("default").resource(configMap("target")).create();
    for (int threads : new int[] {1, 16}) {
      AtomicLong done = new AtomicLong();
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            client.configMaps().inNamespace("default").withName("target").get();
            done.incrementAndGet();
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      System.out.printf("GET configmap by name, %d client threads: %d requests/s%n", threads, done.get() / 10);
    }
  }

  private static void lists(KubernetesClient client) throws Exception {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bulk").endMetadata().build())
        .create();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < OBJECTS; i++) {
      String name = "cm-" + i;
      futures.add(pool.submit(() -> client.configMaps().inNamespace("bulk").resource(configMap(name)).create()));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    System.out.printf("created %d ConfigMaps of 1 KiB with 32 client threads: %d/s%n", OBJECTS,
        OBJECTS * 1_000_000_000L / (System.nanoTime() - t0));
    String base = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/bulk/configmaps";
    for (String mode : List.of("?resourceVersion=0", "", "?limit=20000")) {
      List<Long> times = new ArrayList<>();
      int bytes = 0;
      for (int i = 0; i < 5; i++) {
        long s = System.nanoTime();
        bytes = client.raw(base + mode).length();
        times.add((System.nanoTime() - s) / 1_000_000);
      }
      String how = switch (mode) {
        case "" -> "consistent (no resourceVersion: the watch cache once it is current)";
        case "?resourceVersion=0" -> "from the watch cache (resourceVersion=0)";
        default -> "from storage (limit=20000, which the cache does not serve)";
      };
      System.out.printf("LIST %d ConfigMaps %s: median %d ms of 5 (%d MB)%n", OBJECTS, how, median(times),
          bytes / 1_000_000);
    }
  }

  /** Opens watchers in steps; after each step one change must reach every one of them. */
  private static void watchers(KubernetesClient client, ServerProcess server) throws Exception {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("watched").endMetadata()
        .build()).create();
    client.configMaps().inNamespace("watched").resource(configMap("beacon")).create();
    List<Watch> open = new ArrayList<>();
    Events events = new Events();
    int held = 0;
    try {
      for (int step : new int[] {500, 1_000, 2_000, 3_000, 4_000}) {
        String rv = client.configMaps().inNamespace("watched").withName("beacon").get().getMetadata()
            .getResourceVersion();
        while (open.size() < step) {
          try {
            open.add(client.configMaps().inNamespace("watched").withResourceVersion(rv).watch(events));
          } catch (RuntimeException e) {
            System.out.printf("watch %d refused: %s%n", open.size() + 1, e.getMessage());
            break;
          }
        }
        long before = events.count();
        long t0 = System.nanoTime();
        client.configMaps().inNamespace("watched").withName("beacon")
            .edit(cm -> new ConfigMapBuilder(cm).addToData("step", Integer.toString(step)).build());
        long received = events.awaitAtLeast(before + open.size(), Duration.ofSeconds(30)) - before;
        System.out.printf("watchers open %d: %d received the change in %d ms; server RSS %d MB, threads %d%n",
            open.size(), received, (System.nanoTime() - t0) / 1_000_000, server.rssMegabytes(), server.threads());
        if (received < open.size() || open.size() < step) {
          break;
        }
        held = open.size();
      }
    } finally {
      open.forEach(Watch::close);
    }
    System.out.printf("concurrent watchers held, every one served: %d%n", held);
  }

  /** Counts the events every watcher receives, and lets the caller wait for a count. */
  private static final class Events implements Watcher<ConfigMap> {
    private long count;

    @Override
    public synchronized void eventReceived(Action action, ConfigMap resource) {
      count++;
      notifyAll();
    }

    @Override
    public void onClose(WatcherException cause) {
    }

    synchronized long count() {
      return count;
    }

    synchronized long awaitAtLeast(long wanted, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (count < wanted) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return count;
    }
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("payload", DATA).build();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** The server jar as its own process on a free port, until closed. */
  private record ServerProcess(Process process, Path dataDir) implements AutoCloseable {
    static ServerProcess start(Path jar, Path dataDir) throws IOException, InterruptedException {
      Process p = new ProcessBuilder("java", "-jar", jar.toString(), "server", "--data-dir", dataDir.toString(),
          "--secure-port", "0").redirectErrorStream(true).redirectOutput(dataDir.resolve("server.log").toFile())
          .start();
      Path kubeconfig = dataDir.resolve("admin.kubeconfig");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.exists(kubeconfig)) {
        if (System.nanoTime() > deadline || !p.isAlive()) {
          throw new IllegalStateException("the server did not start; see " + dataDir.resolve("server.log"));
        }
        p.waitFor(100, TimeUnit.MILLISECONDS);
      }
      return new ServerProcess(p, dataDir);
    }

    Config config() throws IOException {
      Config c = Config.fromKubeconfig(Files.readString(dataDir.resolve("admin.kubeconfig")));
      c.setMaxConcurrentRequests(1_000);
      c.setMaxConcurrentRequestsPerHost(1_000);
      return c;
    }

    long rssMegabytes() throws IOException {
      return status("VmRSS:") / 1024;
    }

    long threads() throws IOException {
      return status("Threads:");
    }

    private long status(String field) throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
