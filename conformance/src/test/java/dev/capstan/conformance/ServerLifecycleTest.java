package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, a second server on the same directory, SIGTERM, restart: what scripts around {@code capstan server} rely on. */
class ServerLifecycleTest {
  @TempDir
  Path tmp;

  @Test
  void aSecondServerOnTheSameDataDirFailsFastWithAClearMessage() throws Exception {
    Path data = tmp.resolve("data");
    try (CapstanProcess first = CapstanProcess.startServer(data);
         CapstanProcess second = CapstanProcess.launch(data, List.of("server", "--data-dir", data.toString(),
             "--secure-port", "0"))) {
      assertThat(second.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(second.log()).contains("is in use by another Capstan process")
          .contains("pid " + first.process().pid());
      assertThat(first.process().isAlive()).isTrue();
    }
  }

  @Test
  void sigtermStopsCleanlyAndARestartReusesThePkiWithTheNewPort() throws Exception {
    Path data = tmp.resolve("data");
    String caBefore;
    try (CapstanProcess server = CapstanProcess.startServer(data)) {
      caBefore = Files.readString(data.resolve("pki/ca.crt"));
      assertThat(Files.readString(server.kubeconfig())).contains("server: " + server.url() + "\n");
      int exit = server.terminate();
      assertThat(exit).as(server.log()).isZero();
      assertThat(server.log()).contains("shutting down").contains("stopped");
    }

    try (CapstanProcess again = CapstanProcess.startServer(data)) {
      assertThat(Files.readString(data.resolve("pki/ca.crt"))).isEqualTo(caBefore);
      assertThat(Files.readString(again.kubeconfig())).contains("server: " + again.url() + "\n");
      Kubectl.Result r = Kubectl.defaultKubectl().run(again.kubeconfig(), "version", "-o", "json");
      assertThat(r.exitCode()).as(r.stderr()).isZero();
    }
  }

  @Test
  void secretsAndStateAreOwnerOnly() throws Exception {
    Path data = tmp.resolve("data");
    try (CapstanProcess server = CapstanProcess.startServer(data)) {
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("pki"))).isEqualTo("rwx------");
      for (String f : List.of("pki/ca.key", "pki/ca.crt", "pki/apiserver.key", "pki/admin.key", "pki/sa.key",
          "admin.kubeconfig", "state.db", "capstan.lock")) {
        assertThat(mode(data.resolve(f))).as(f).isEqualTo("rw-------");
      }
      // The kubeconfig's key is the SEC1 EC form that kubectl, fabric8 and OpenSSL all read.
      String kubeconfig = Files.readString(server.kubeconfig());
      String keyData = kubeconfig.lines().filter(l -> l.contains("client-key-data:")).findFirst().orElseThrow()
          .replaceAll(".*client-key-data: ", "");
      assertThat(new String(java.util.Base64.getDecoder().decode(keyData))).startsWith("-----BEGIN EC PRIVATE KEY-----");
      assertThat(server.log()).doesNotContain("PRIVATE KEY");
    }
  }

  @Test
  void badFlagsAreRefusedWithAMessage() throws Exception {
    Path data = tmp.resolve("data");
    try (CapstanProcess p = CapstanProcess.launch(data, List.of("server", "--data-dir", data.toString(),
        "--storage", "mongo"))) {
      assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(p.log()).contains("unknown storage 'mongo': choose sqlite, etcd or memory");
    }
    try (CapstanProcess p = CapstanProcess.launch(data, List.of("server", "--data-dir", data.toString(),
        "--storage", "etcd"))) {
      assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(p.log()).contains("--storage etcd needs --etcd-servers");
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
