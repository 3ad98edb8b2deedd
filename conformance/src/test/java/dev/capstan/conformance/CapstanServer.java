package dev.capstan.conformance;

import dev.capstan.server.storage.EtcdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Capstan server process for a test class, with its data in a fresh directory removed afterwards. The
 * system property {@code capstan.conformance.storage=etcd} runs it on a real etcd process of its own instead of
 * the default sqlite, so the same scenarios prove both backends (the build runs the resource suites twice).
 */
final class CapstanServer implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private CapstanProcess process;
  private EtcdServer etcd;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("capstan-conformance");
    if ("etcd".equals(System.getProperty("capstan.conformance.storage"))) {
      etcd = new EtcdServer();
      etcd.beforeAll(context);
      process = CapstanProcess.startServer(dir.resolve("data"), "--storage", "etcd", "--etcd-servers",
          etcd.endpoint());
    } else {
      process = CapstanProcess.startServer(dir.resolve("data"));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.close();
    }
    if (etcd != null) {
      etcd.afterAll(context);
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  CapstanProcess process() {
    return process;
  }

  Path dataDir() {
    return dir.resolve("data");
  }
}
