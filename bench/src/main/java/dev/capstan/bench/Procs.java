package dev.capstan.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The systems under test, each its own process: Capstan's jar, etcd, and baselines in child JVMs. */
final class Procs {
  private Procs() {}

  /** A free loopback port, chosen now (another process could take it before use; rare enough here). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A child JVM running {@code main} on this process's class path, with default JVM flags. */
  static Process childJvm(Class<?> main, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits until {@code log} has a line starting with {@code prefix}; returns the rest of that line. */
  static String awaitLine(Process p, Path log, String prefix, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        // Only whole lines: a child's printf may reach the file in pieces ("COLD " before its number).
        String text = Files.readString(log);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
          if (lines[i].startsWith(prefix)) {
            return lines[i].substring(prefix.length()).trim();
          }
        }
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("process exited (" + p.exitValue() + "); see " + log);
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("timed out waiting for '" + prefix + "' in " + log);
  }

  static void stop(Process p) {
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Resident set size of a process in MiB, from /proc; NaN when it is gone. */
  static double rssMib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  /** A real etcd server on free loopback ports. */
  static final class Etcd implements AutoCloseable {
    final Process process;
    final String url;

    Etcd(Path dir) throws Exception {
      String binary = System.getenv().getOrDefault("ETCD_BIN", "etcd");
      int client = freePort();
      int peer = freePort();
      url = "http://127.0.0.1:" + client;
      String peerUrl = "http://127.0.0.1:" + peer;
      Files.createDirectories(dir);
      process = new ProcessBuilder(List.of(binary, "--name", "bench", "--data-dir", dir.resolve("data").toString(),
          "--listen-client-urls", url, "--advertise-client-urls", url, "--listen-peer-urls", peerUrl,
          "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", "bench=" + peerUrl,
          "--initial-cluster-state", "new", "--log-level", "warn"))
          .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200 && r.body().contains("true")) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("etcd did not become healthy; see " + dir.resolve("etcd.log"));
        }
        Thread.sleep(50);
      }
    }

    @Override
    public void close() {
      stop(process);
    }
  }

  /** Capstan's jar as its own process ({@code java -jar}, no JVM flags: how a user runs it). */
  static final class Capstan implements AutoCloseable {
    final Process process;
    final Path dataDir;
    final int port;
    final long startNanos;
    Http.Endpoint endpoint;

    private Capstan(Process process, Path dataDir, int port, long startNanos) {
      this.process = process;
      this.dataDir = dataDir;
      this.port = port;
      this.startNanos = startNanos;
    }

    /** Starts the process and returns at once; see {@link #awaitReady}. */
    static Capstan launch(Path jar, Path dataDir, String etcdUrl) throws IOException {
      Files.createDirectories(dataDir);
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString(), "server", "--data-dir",
          dataDir.toString(), "--secure-port", Integer.toString(port)));
      if (etcdUrl != null) {
        cmd.addAll(List.of("--storage", "etcd", "--etcd-servers", etcdUrl));
      }
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile())).start();
      return new Capstan(p, dataDir, port, t0);
    }

    static Capstan start(Path jar, Path dataDir, String etcdUrl) throws Exception {
      Capstan c = launch(jar, dataDir, etcdUrl);
      c.awaitReady(Duration.ofSeconds(120));
      return c;
    }

    String url() {
      return "https://127.0.0.1:" + port;
    }

    /**
     * Milliseconds from process start to the first answer of any status on {@code /readyz}, asked without
     * credentials over HTTP/1.1 every 5 ms (the first request any client could make).
     */
    double awaitFirstAnswer(Duration timeout) throws Exception {
      HttpClient anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .sslContext(Http.trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
      long deadline = startNanos + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        try {
          anonymous.send(Http.get(url() + "/readyz"), HttpResponse.BodyHandlers.discarding());
          return (System.nanoTime() - startNanos) / 1e6;
        } catch (IOException e) {
          if (!process.isAlive()) {
            throw new IllegalStateException("capstan exited; see " + dataDir.resolve("server.log"));
          }
          Thread.sleep(5);
        }
      }
      throw new IllegalStateException("capstan did not answer; see " + dataDir.resolve("server.log"));
    }

    /** Milliseconds from process start until {@code /readyz} answers 200 to the admin. */
    double awaitReady(Duration timeout) throws Exception {
      long deadline = startNanos + timeout.toNanos();
      Path kubeconfig = dataDir.resolve("admin.kubeconfig");
      HttpClient client = null;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("capstan exited; see " + dataDir.resolve("server.log"));
        }
        if (client == null && Files.exists(kubeconfig) && Files.size(kubeconfig) > 0) {
          try {
            endpoint = new Http.Endpoint(url(), Http.fromKubeconfig(kubeconfig).tls());
            client = endpoint.client(HttpClient.Version.HTTP_1_1);
          } catch (Exception partlyWritten) {
            endpoint = null;
          }
        }
        if (client != null) {
          try {
            if (client.send(Http.get(url() + "/readyz"), HttpResponse.BodyHandlers.discarding()).statusCode()
                == 200) {
              return (System.nanoTime() - startNanos) / 1e6;
            }
          } catch (IOException e) {
            // not listening yet
          }
        }
        Thread.sleep(5);
      }
      throw new IllegalStateException("capstan was not ready in time; see " + dataDir.resolve("server.log"));
    }

    double rssMib() {
      return Procs.rssMib(process.pid());
    }

    @Override
    public void close() {
      stop(process);
    }
  }
}
