package dev.capstan.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Capstan jar, started as its own process the way a user starts it; its output goes to a log file
 * the test can read.
 */
final class CapstanProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("ready: serving the Kubernetes API at (https://\\S+)");

  private final Process process;
  private final Path log;
  private final Path dataDir;
  private String url;

  private CapstanProcess(Process process, Path log, Path dataDir) {
    this.process = process;
    this.log = log;
    this.dataDir = dataDir;
  }

  /** Starts {@code capstan server} on a free port with request logging, and waits until it is ready. */
  static CapstanProcess startServer(Path dataDir, String... extraArgs) throws Exception {
    return startServer(dataDir, 0, extraArgs);
  }

  /** Starts {@code capstan server} on {@code port} (0: a free one), e.g. the port of a server it replaces. */
  static CapstanProcess startServer(Path dataDir, int port, String... extraArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("server", "--data-dir", dataDir.toString(), "--secure-port",
        Integer.toString(port), "--v=3"));
    args.addAll(List.of(extraArgs));
    CapstanProcess p = launch(dataDir, args);
    p.awaitReady(Duration.ofSeconds(60));
    return p;
  }

  /** Starts any capstan command without waiting. */
  static CapstanProcess launch(Path dataDir, List<String> args) throws IOException {
    Files.createDirectories(dataDir.getParent());
    Path log = Files.createTempFile(dataDir.getParent(), "capstan-", ".log");
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar().toString()));
    command.addAll(args);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new CapstanProcess(process, log, dataDir);
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("capstan.jar", "../server/target/capstan.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the Capstan jar is missing at " + jar.toAbsolutePath()
          + ": build it first (mvn verify builds it before these tests)");
    }
    return jar;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  void awaitReady(Duration timeout) throws Exception {
    Await.until(timeout, "capstan ready", this::logOrReason, () -> {
      Matcher m = READY.matcher(log());
      if (m.find()) {
        url = m.group(1);
        return true;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("capstan exited with " + process.exitValue() + " before it was ready:\n"
            + log());
      }
      return false;
    });
  }

  String url() {
    return url;
  }

  int port() {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  Path kubeconfig() {
    return dataDir.resolve("admin.kubeconfig");
  }

  /** A fabric8 client with the admin kubeconfig, on the JDK HTTP client (HTTP/2); the caller closes it. */
  io.fabric8.kubernetes.client.KubernetesClient fabric8Client() throws java.io.IOException {
    io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(null,
        java.nio.file.Files.readString(kubeconfig()), kubeconfig().toString());
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory()).build();
  }

  Process process() {
    return process;
  }

  private String logOrReason() {
    try {
      return log();
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** Waits for the process to end on its own. */
  int waitFor(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("capstan did not exit within " + timeout + ":\n" + log());
    }
    return process.exitValue();
  }

  /** SIGTERM, then waits for a clean exit. */
  int terminate() throws Exception {
    process.destroy();
    return waitFor(Duration.ofSeconds(60));
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() throws Exception {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
