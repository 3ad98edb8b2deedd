package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every installed kubectl against the real jar, with the kubeconfig the server wrote. */
class KubectlTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  @TestFactory
  Stream<DynamicTest> everyInstalledKubectlGetsTheServerVersionOverHttp2() throws Exception {
    List<Kubectl> all = Kubectl.installed();
    assertThat(all).isNotEmpty();
    return all.stream().map(k -> DynamicTest.dynamicTest(k.toString(), () -> {
      Kubectl.Result r = k.run(SERVER.process().kubeconfig(), "version", "-o", "json");
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      JsonNode v = JSON.readTree(r.stdout());
      JsonNode serverVersion = v.get("serverVersion");
      assertThat(serverVersion.get("major").asString()).isEqualTo("1");
      assertThat(serverVersion.get("minor").asString()).isEqualTo("33");
      assertThat(serverVersion.get("gitVersion").asString()).startsWith("v1.33.0+capstan.");
      assertThat(serverVersion.get("platform").asString()).contains("/");

      // The server logs each request with the protocol it arrived on; this client's must be HTTP/2.
      String clientVersion = v.get("clientVersion").get("gitVersion").asString();
      List<String> lines = SERVER.process().log().lines()
          .filter(l -> l.contains("URI=\"/version") && l.contains("/" + clientVersion + " ("))
          .toList();
      assertThat(lines).as("request log lines of %s %s", k, clientVersion).isNotEmpty()
          .allSatisfy(l -> assertThat(l).contains("protocol=\"HTTP/2.0\"").contains("resp=200"));
    }));
  }

  @Test
  void readyzVerboseListsEveryCheckIncludingStorage() throws Exception {
    Kubectl kubectl = Kubectl.defaultKubectl();
    Kubectl.Result r = kubectl.run(SERVER.process().kubeconfig(), "get", "--raw", "/readyz?verbose");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout().lines().toList())
        .containsExactly("[+]ping ok", "[+]log ok", "[+]etcd ok", "[+]shutdown ok", "readyz check passed");

    Kubectl.Result excluded = kubectl.run(SERVER.process().kubeconfig(), "get", "--raw", "/livez?verbose&exclude=etcd");
    assertThat(excluded.stdout()).contains("[+]etcd excluded: ok").endsWith("livez check passed\n");
    assertThat(kubectl.run(SERVER.process().kubeconfig(), "get", "--raw", "/healthz").stdout()).isEqualTo("ok");
    assertThat(kubectl.run(SERVER.process().kubeconfig(), "get", "--raw", "/readyz/etcd").stdout()).isEqualTo("ok");
  }

  @Test
  void anUnservedPathIsUpstreamsNotFound() throws Exception {
    Kubectl.Result r = Kubectl.defaultKubectl().run(SERVER.process().kubeconfig(), "get", "--raw", "/no/such/path");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("Error from server (NotFound): the server could not find the requested resource");
  }
}
