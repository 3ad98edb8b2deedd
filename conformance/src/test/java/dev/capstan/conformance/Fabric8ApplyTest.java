package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** fabric8's ways of changing an object: server-side apply, edit, each patch type and dry runs. */
class Fabric8ApplyTest {
  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  private KubernetesClient client;

  @BeforeEach
  void connect() throws Exception {
    client = SERVER.process().fabric8Client();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private Deployment deployment(String ns, int replicas, String image) {
    return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(ns).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
        .addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate().endSpec().build();
  }

  private String namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  @Test
  void serverSideApplyCreatesUpdatesAndConflicts() {
    String ns = namespace("f8-ssa");
    Deployment applied = client.resource(deployment(ns, 2, "nginx:1")).fieldManager("operator").serverSideApply();
    assertThat(applied.getSpec().getReplicas()).isEqualTo(2);
    List<ManagedFieldsEntry> managed = applied.getMetadata().getManagedFields();
    assertThat(managed).extracting(ManagedFieldsEntry::getManager).containsExactly("operator");
    assertThat(managed.get(0).getOperation()).isEqualTo("Apply");

    applied = client.resource(deployment(ns, 3, "nginx:2")).fieldManager("operator").serverSideApply();
    assertThat(applied.getSpec().getReplicas()).isEqualTo(3);
    assertThat(applied.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:2");

    assertThatThrownBy(() -> client.resource(deployment(ns, 7, "nginx:2")).fieldManager("intruder")
        .serverSideApply())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
          assertThat(e.getStatus().getMessage()).contains("conflict with \"operator\"").contains(".spec.replicas");
        });
    Deployment forced = client.resource(deployment(ns, 7, "nginx:2")).fieldManager("intruder").forceConflicts()
        .serverSideApply();
    assertThat(forced.getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  void editAndEveryPatchTypeChangeTheObject() {
    String ns = namespace("f8-patch");
    client.resource(deployment(ns, 1, "nginx:1")).create();
    var web = client.apps().deployments().inNamespace(ns).withName("web");

    Deployment edited = web.edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(4).endSpec().build());
    assertThat(edited.getSpec().getReplicas()).isEqualTo(4);

    Deployment strategic = web.patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":\"busybox\"}]}}}}");
    assertThat(strategic.getSpec().getTemplate().getSpec().getContainers()).extracting("name")
        .containsExactly("side", "app");

    Deployment merge = web.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"m\":\"1\"}}}");
    assertThat(merge.getMetadata().getLabels()).containsEntry("m", "1");

    Deployment json = web.patch(PatchContext.of(PatchType.JSON),
        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]");
    assertThat(json.getSpec().getReplicas()).isEqualTo(5);

    Deployment typed = web.patch(new DeploymentBuilder(json).editSpec().withReplicas(6).endSpec().build());
    assertThat(typed.getSpec().getReplicas()).isEqualTo(6);

    Deployment applied = web.patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
        .withFieldManager("f8").withForce(true).build(),
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},"
            + "\"spec\":{\"paused\":true}}");
    assertThat(applied.getSpec().getPaused()).isTrue();
    assertThat(applied.getSpec().getReplicas()).as("apply leaves fields it does not name").isEqualTo(6);
  }

  @Test
  void dryRunsAnswerTheResultAndStoreNothing() {
    String ns = namespace("f8-dry");
    Deployment wouldBe = client.resource(deployment(ns, 1, "nginx:1")).dryRun().create();
    assertThat(wouldBe.getMetadata().getUid()).isNotEmpty();
    assertThat(wouldBe.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
        .as("defaults applied").isEqualTo("IfNotPresent");
    assertThat(client.apps().deployments().inNamespace(ns).withName("web").get()).isNull();

    client.resource(deployment(ns, 1, "nginx:1")).create();
    var web = client.apps().deployments().inNamespace(ns).withName("web");
    Deployment patched = web.dryRun().patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"spec\":{\"replicas\":9}}");
    assertThat(patched.getSpec().getReplicas()).isEqualTo(9);
    Deployment applied = client.resource(deployment(ns, 8, "nginx:1")).dryRun().fieldManager("dry").forceConflicts()
        .serverSideApply();
    assertThat(applied.getSpec().getReplicas()).isEqualTo(8);
    assertThat(applied.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager).contains("dry");
    web.dryRun().delete();
    Deployment stored = web.get();
    assertThat(stored.getSpec().getReplicas()).isEqualTo(1);
    assertThat(stored.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
        .doesNotContain("dry");
    assertThat(stored.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
  }
}
