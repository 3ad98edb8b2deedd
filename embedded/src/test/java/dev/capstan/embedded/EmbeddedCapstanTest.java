package dev.capstan.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.server.StorageKind;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCapstanTest {
  @Test
  void sqliteStorageKeepsObjectsAcrossRestarts(@TempDir Path dir) {
    try (EmbeddedCapstan first = EmbeddedCapstan.start(StorageKind.SQLITE, dir);
         KubernetesClient client = first.newClient()) {
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("kept").endMetadata().addToData("k", "v").build()).create();
    }
    try (EmbeddedCapstan second = EmbeddedCapstan.start(StorageKind.SQLITE, dir);
         KubernetesClient client = second.newClient()) {
      assertThat(client.configMaps().inNamespace("default").withName("kept").get().getData())
          .containsEntry("k", "v");
    }
  }

  @Test
  void closeRemovesTheTemporaryDirectory() {
    Path dir;
    try (EmbeddedCapstan server = EmbeddedCapstan.start()) {
      dir = server.kubeconfig().getParent();
      assertThat(Files.exists(server.kubeconfig())).isTrue();
    }
    assertThat(Files.exists(dir)).isFalse();
  }
}
