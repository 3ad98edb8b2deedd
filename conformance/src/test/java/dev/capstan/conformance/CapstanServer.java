package dev.capstan.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One real Capstan server process for a test class, with its data in a fresh directory removed afterwards. */
final class CapstanServer implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private CapstanProcess process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("capstan-conformance");
    process = CapstanProcess.startServer(dir.resolve("data"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.close();
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
