package dev.capstan.server.registry.apiregistration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiRegistrationResourcesTest {
  @Test
  void eachServedGroupVersionGetsALocalAvailableApiServiceNamedAsUpstream() {
    List<ResourceDefinition> served = List.of(
        ResourceDefinition.builder("", "v1", "configmaps", "ConfigMap").build(),
        ResourceDefinition.builder("apps", "v1", "deployments", "Deployment").build(),
        ResourceDefinition.builder("apps", "v1", "replicasets", "ReplicaSet").build(),
        ResourceDefinition.builder("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler").build());
    List<KubeObject> services = ApiRegistrationResources.local(served);
    assertThat(services).extracting(KubeObject::name).containsExactly("v1.", "v1.apps", "v2.autoscaling");
    KubeObject core = services.get(0);
    assertThat(core.node().path("spec").has("group")).isFalse();
    assertThat(core.node().path("spec").path("groupPriorityMinimum").asInt()).isEqualTo(18000);
    assertThat(services.get(2).node().path("spec").path("versionPriority").asInt()).isEqualTo(30);

    ApiRegistrationResources.markAvailable(core, Instant.parse("2026-11-29T10:00:00Z"));
    ResourceDefinition d = ApiRegistrationResources.apiServices();
    assertThat(d.printer().cells(core, Instant.parse("2026-11-29T10:05:00Z")))
        .containsExactly("v1.", "Local", "True", "<unknown>");
  }
}
