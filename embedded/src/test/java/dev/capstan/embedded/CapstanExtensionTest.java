package dev.capstan.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension serves a real API server to the tests of a class, with a client ready for it. */
class CapstanExtensionTest {
  @RegisterExtension
  static final CapstanExtension CAPSTAN = new CapstanExtension();

  @Test
  void clientParameterTalksToTheServer(KubernetesClient client) {
    ConfigMap created = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("settings").endMetadata().addToData("mode", "fast").build()).create();
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThat(client.configMaps().inNamespace("default").withName("settings").get().getData())
        .containsEntry("mode", "fast");
    assertThat(CAPSTAN.client()).isSameAs(client);
  }

  @Test
  void theServerValidatesAsAClusterDoes(KubernetesClient client) {
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("Not_A_Name").endMetadata().build()).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getMessage()).startsWith("ConfigMap \"Not_A_Name\" is invalid: metadata.name: "
              + "Invalid value: \"Not_A_Name\"");
        });
  }

  @Test
  void theSystemNamespacesExist(EmbeddedCapstan server) {
    try (KubernetesClient own = server.newClient()) {
      assertThat(own.namespaces().list().getItems()).extracting(ns -> ns.getMetadata().getName())
          .contains("default", "kube-system", "kube-public", "kube-node-lease");
    }
    assertThat(server.url()).startsWith("https://127.0.0.1:");
  }
}
