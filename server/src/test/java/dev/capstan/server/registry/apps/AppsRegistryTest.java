package dev.capstan.server.registry.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Catalog;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.core.CoreResources;
import dev.capstan.server.registry.pods.PodResources;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.memory.MemoryStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Deployments and pods through the registry: defaults, status and generation as a client sees them. */
class AppsRegistryTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private KvStore kv;
  private Registry registry;
  private final ResourceDefinition deployments = AppsResources.deployments();
  private final ResourceDefinition pods = PodResources.all().stream().filter(d -> d.resource().equals("pods"))
      .findFirst().orElseThrow();

  @BeforeEach
  void start() {
    kv = MemoryStores.open();
    List<ResourceDefinition> all = new ArrayList<>(CoreResources.all());
    all.add(deployments);
    all.add(pods);
    registry = new Registry(kv, new Catalog(all), Clock.systemUTC());
    registry.start();
  }

  @AfterEach
  void stop() throws Exception {
    registry.close();
    kv.close();
  }

  private static KubeObject parse(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json.replace('\'', '"')));
  }

  @Test
  void reapplyingTheSameDeploymentKeepsItsGenerationAndAReplicaChangeBumpsIt() {
    String body = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default'},"
        + "'spec':{'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
        + "'spec':{'containers':[{'name':'nginx','image':'nginx'}]}},'status':{'replicas':3}}}";
    KubeObject created = registry.create(deployments, "default", parse(body));
    assertThat(created.metadata().path("generation").asLong()).isEqualTo(1);
    assertThat(created.node().has("status")).isFalse();
    assertThat(created.node().path("spec").path("strategy").path("type").asString()).isEqualTo("RollingUpdate");

    KubeObject same = registry.update(deployments, "default", "web", o -> parse(body), false);
    assertThat(same.metadata().path("generation").asLong()).isEqualTo(1);

    KubeObject scaled = registry.update(deployments, "default", "web", o -> {
      ((ObjectNode) o.node().path("spec")).put("replicas", 3);
      return o;
    }, false);
    assertThat(scaled.metadata().path("generation").asLong()).isEqualTo(2);
  }

  @Test
  void podIsCreatedPendingWithItsTokenAndRejectsSpecChanges() {
    KubeObject pod = registry.create(pods, "default", parse("{'apiVersion':'v1','kind':'Pod','metadata':"
        + "{'name':'p','namespace':'default'},'spec':{'containers':[{'name':'a','image':'busybox'}]}}"));
    assertThat(pod.node().path("status").path("phase").asString()).isEqualTo("Pending");
    assertThat(pod.node().path("spec").path("volumes").get(0).path("name").asString()).startsWith("kube-api-access-");

    assertThatThrownBy(() -> registry.update(pods, "default", "p", o -> {
      ((ObjectNode) o.node().path("spec")).put("hostname", "other");
      return o;
    }, false)).hasMessageStartingWith("Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields");
  }
}
