package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.file.Files;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** fabric8's typed CRUD against the first served resources. */
class Fabric8ResourcesTest {
  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  private KubernetesClient client;

  @BeforeEach
  void connect() throws Exception {
    Config config = Config.fromKubeconfig(null, Files.readString(SERVER.process().kubeconfig()),
        SERVER.process().kubeconfig().toString());
    client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  @Test
  void configMapCreateGetListUpdateDelete() {
    ConfigMap created = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("f8").addToLabels("app", "f8").endMetadata().addToData("k", "v").build()).create();
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();

    assertThat(client.configMaps().inNamespace("default").withName("f8").get().getData()).containsEntry("k", "v");
    assertThat(client.configMaps().inNamespace("default").withLabel("app", "f8").list().getItems())
        .extracting(c -> c.getMetadata().getName()).contains("f8");

    created.getData().put("k", "w");
    ConfigMap updated = client.configMaps().inNamespace("default").resource(created).update();
    assertThat(updated.getData()).containsEntry("k", "w");
    assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

    // An update from a stale copy is a 409 Conflict, never a lost write.
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(created).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    assertThat(client.configMaps().inNamespace("default").withName("f8").delete()).hasSize(1);
    assertThat(client.configMaps().inNamespace("default").withName("f8").get()).isNull();
  }

  @Test
  void secretStringDataIsStoredAsBase64Data() {
    client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("s1")
        .endMetadata().addToStringData("password", "hunter2").build()).create();
    Secret stored = client.secrets().inNamespace("default").withName("s1").get();
    assertThat(stored.getType()).isEqualTo("Opaque");
    assertThat(stored.getStringData()).isNullOrEmpty();
    assertThat(new String(Base64.getDecoder().decode(stored.getData().get("password")))).isEqualTo("hunter2");
  }
}
