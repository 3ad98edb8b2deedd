package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.server.storage.EtcdServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real etcd: its storage check reads etcd, and a stopped etcd makes the server not ready. */
class EtcdStorageTest {
  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  @TempDir
  Path tmp;

  @Test
  void serverOnEtcdIsReadyWithTheEtcdCheck() throws Exception {
    try (CapstanProcess server = CapstanProcess.startServer(tmp.resolve("data"), "--storage", "etcd",
        "--etcd-servers", ETCD.endpoint())) {
      assertThat(server.log()).contains("(storage etcd,");
      Kubectl.Result r = Kubectl.defaultKubectl().run(server.kubeconfig(), "get", "--raw", "/readyz?verbose");
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout()).contains("[+]etcd ok").endsWith("readyz check passed\n");
    }
  }

  @Test
  void anUnreachableEtcdFailsStartWithAClearMessage() throws Exception {
    Path data = tmp.resolve("data");
    try (CapstanProcess server = CapstanProcess.launch(data, List.of("server", "--data-dir", data.toString(),
        "--secure-port", "0", "--storage", "etcd", "--etcd-servers", "http://127.0.0.1:1"))) {
      assertThat(server.waitFor(Duration.ofMinutes(2))).isEqualTo(1);
      assertThat(server.log()).contains("capstan: cannot start: cannot reach etcd at http://127.0.0.1:1");
    }
  }
}
