package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost when the process dies: 16 writers create keys through the real jar, the process
 * is killed with SIGKILL mid-load, a server restarts on the same directory, and every key whose write was
 * acknowledged is there.
 */
class CrashRecoveryTest {
  private static final String PREFIX = "/registry/crash/";

  @TempDir
  Path tmp;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    Path data = tmp.resolve("data");
    List<String> acked;
    try (CapstanProcess load = CapstanProcess.launch(data, List.of("storage", "load", "--data-dir", data.toString(),
        "--writers", "16", "--seconds", "300", "--prefix", PREFIX, "--print-acked"))) {
      Await.until(Duration.ofMinutes(3), "3000 acknowledged writes", () -> "", () -> {
        assertThat(load.process().isAlive()).as(load.log()).isTrue();
        return ackedKeys(load.log()).size() >= 3000;
      });
      load.kill();
      acked = ackedKeys(load.log());
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(3000);

    try (CapstanProcess server = CapstanProcess.startServer(data)) {
      Kubectl.Result r = Kubectl.defaultKubectl().run(server.kubeconfig(), "get", "--raw", "/readyz");
      assertThat(r.stdout()).isEqualTo("ok");
      server.terminate();
    }

    try (CapstanProcess keys = CapstanProcess.launch(data, List.of("storage", "keys", "--data-dir", data.toString(),
        "--prefix", PREFIX))) {
      assertThat(keys.waitFor(Duration.ofMinutes(2))).as(keys.log()).isZero();
      Set<String> stored = new HashSet<>(keys.log().lines().filter(l -> l.startsWith(PREFIX)).toList());
      assertThat(stored).containsAll(acked);
    }
  }

  /** Complete lines only: the last one may have been cut by the kill. */
  private static List<String> ackedKeys(String output) {
    int end = output.lastIndexOf('\n');
    return end < 0 ? List.of() : output.substring(0, end).lines().filter(l -> l.startsWith(PREFIX)).toList();
  }
}
