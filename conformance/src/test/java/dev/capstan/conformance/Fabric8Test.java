package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fabric8 client (JDK HTTP client) with the admin kubeconfig the server wrote. */
class Fabric8Test {
  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  @Test
  void readsTheServerVersionOverHttp2WithTheAdminKubeconfig() throws Exception {
    try (KubernetesClient client = SERVER.process().fabric8Client()) {
      VersionInfo version = client.getKubernetesVersion();
      assertThat(version.getMajor()).isEqualTo("1");
      assertThat(version.getMinor()).isEqualTo("33");
      assertThat(version.getGitVersion()).startsWith("v1.33.0+capstan.");
      assertThat(version.getPlatform()).matches("linux/\\w+");
    }
    assertThat(SERVER.process().log().lines().filter(l -> l.contains("userAgent=\"fabric8-kubernetes-client/")).toList())
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("protocol=\"HTTP/2.0\"").contains("URI=\"/version"));
  }
}
