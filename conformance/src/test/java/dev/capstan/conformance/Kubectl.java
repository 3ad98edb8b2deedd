package dev.capstan.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The real kubectl binaries on this machine: {@code kubectl} and the {@code kubectl.1.NN} beside it. */
final class Kubectl {
  record Result(int exitCode, String stdout, String stderr) {}

  private final Path binary;

  Kubectl(Path binary) {
    this.binary = binary;
  }

  Path binary() {
    return binary;
  }

  /** The default kubectl; fails when there is none ({@code make test} installs one). */
  static Kubectl defaultKubectl() {
    return new Kubectl(onPath().orElseThrow(() -> new IllegalStateException(
        "kubectl is not installed: run 'make test', which installs one")));
  }

  /** Every kubectl installed: the default one and the versioned binaries beside its real location. */
  static List<Kubectl> installed() throws IOException {
    Path main = onPath().orElseThrow(() -> new IllegalStateException(
        "kubectl is not installed: run 'make test', which installs one"));
    List<Kubectl> out = new ArrayList<>();
    out.add(new Kubectl(main));
    Path dir = main.toRealPath().getParent();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().matches("kubectl\\.1\\.\\d+") && Files.isExecutable(p))
          .sorted()
          .forEach(p -> out.add(new Kubectl(p)));
    }
    return out;
  }

  private static java.util.Optional<Path> onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, "kubectl");
      if (Files.isExecutable(p)) {
        return java.util.Optional.of(p);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The installed kubectl binaries among {@code versions} ({@code "1.33"}, ...), or the default one when none of
   * them is installed (a machine with only the kubectl {@code make test} installs).
   */
  static List<Kubectl> versions(String... versions) throws IOException {
    List<String> wanted = List.of(versions);
    List<Kubectl> out = installed().stream()
        .filter(k -> wanted.contains(k.toString().replaceFirst("^kubectl\\.", ""))).toList();
    return out.isEmpty() ? List.of(defaultKubectl()) : out;
  }

  Result run(Path kubeconfig, String... args) throws Exception {
    return run(java.util.Map.of(), kubeconfig, args);
  }

  /** Runs with extra environment variables (say, {@code KUBE_EDITOR} for {@code kubectl edit}). */
  Result run(java.util.Map<String, String> env, Path kubeconfig, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("kubectl", ".out");
    Path err = Files.createTempFile("kubectl", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in 60s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Override
  public String toString() {
    return binary.getFileName().toString();
  }
}
