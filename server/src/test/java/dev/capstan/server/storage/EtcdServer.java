package dev.capstan.server.storage;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real etcd process (Debian's etcd-server) on free loopback ports for a test class, and removes it
 * and its data afterwards. A missing etcd binary fails the class: {@code make test} installs it.
 */
public final class EtcdServer implements BeforeAllCallback, AfterAllCallback {
  private Process process;
  private Path dataDir;
  private String endpoint;

  public String endpoint() {
    return endpoint;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String binary = findEtcd();
    int client = freePort();
    int peer = freePort();
    dataDir = Files.createTempDirectory("etcd-test");
    endpoint = "http://127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    process = new ProcessBuilder(List.of(binary,
        "--name", "capstan-test",
        "--data-dir", dataDir.resolve("data").toString(),
        "--listen-client-urls", endpoint,
        "--advertise-client-urls", endpoint,
        "--listen-peer-urls", peerUrl,
        "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", "capstan-test=" + peerUrl,
        "--initial-cluster-state", "new",
        "--log-level", "warn"))
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("etcd.log").toFile())
        .start();
    awaitHealthy();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    if (dataDir != null) {
      try (Stream<Path> paths = Files.walk(dataDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void awaitHealthy() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint + "/health")).timeout(Duration.ofSeconds(2))
        .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + ": "
            + Files.readString(dataDir.resolve("etcd.log")));
      }
      try {
        HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("true")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("etcd did not become healthy in 30s: " + Files.readString(dataDir.resolve("etcd.log")));
  }

  private static String findEtcd() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "etcd");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    if (Files.isExecutable(Path.of("/usr/bin/etcd"))) {
      return "/usr/bin/etcd";
    }
    throw new IllegalStateException("etcd is not installed: the etcd contract tests need a real etcd process. "
        + "Run 'make test' (it installs etcd-server with apt-get) or 'apt-get install etcd-server'.");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
