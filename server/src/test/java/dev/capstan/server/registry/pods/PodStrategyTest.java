package dev.capstan.server.registry.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PodStrategyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final PodStrategy strategy = new PodStrategy(new Random(7));

  private static KubeObject pod(String spec) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web',"
        + "'namespace':'default'},'spec':" + spec + "}").replace('\'', '"')));
  }

  private KubeObject created(String spec) {
    KubeObject p = pod(spec);
    strategy.applyDefaults(p);
    strategy.prepareForCreate(p);
    return p;
  }

  @Test
  void newPodGetsWhatDefaultAdmissionAddsAndAPendingStatus() {
    KubeObject p = created("{'containers':[{'name':'web','image':'nginx'}]}");
    JsonNode spec = p.node().path("spec");

    assertThat(spec.path("serviceAccountName").asString()).isEqualTo("default");
    assertThat(spec.path("serviceAccount").asString()).isEqualTo("default");
    assertThat(spec.path("enableServiceLinks").asBoolean()).isTrue();
    assertThat(spec.path("priority").asInt()).isZero();
    assertThat(spec.path("preemptionPolicy").asString()).isEqualTo("PreemptLowerPriority");
    String volume = spec.path("volumes").get(0).path("name").asString();
    assertThat(volume).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(spec.path("volumes").get(0).path("projected").toString()).isEqualTo("{\"sources\":["
        + "{\"serviceAccountToken\":{\"expirationSeconds\":3607,\"path\":\"token\"}},"
        + "{\"configMap\":{\"name\":\"kube-root-ca.crt\",\"items\":[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]}},"
        + "{\"downwardAPI\":{\"items\":[{\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.namespace\"},"
        + "\"path\":\"namespace\"}]}}],\"defaultMode\":420}");
    assertThat(spec.path("containers").get(0).path("volumeMounts").toString()).isEqualTo("[{\"name\":\"" + volume
        + "\",\"readOnly\":true,\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}]");
    assertThat(spec.path("tolerations").toString()).isEqualTo("["
        + "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
        + "\"tolerationSeconds\":300},"
        + "{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
        + "\"tolerationSeconds\":300}]");
    assertThat(p.node().path("status").toString()).isEqualTo("{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}");
    assertThat(strategy.validate(p)).isEmpty();
  }

  @Test
  void noTokenWhenAutomountIsOffAndNoExtraTolerationWhenOneCoversTheKey() {
    KubeObject p = created("{'automountServiceAccountToken':false,'containers':[{'name':'a','image':'x'}],"
        + "'tolerations':[{'operator':'Exists'}]}");
    assertThat(p.node().path("spec").has("volumes")).isFalse();
    assertThat(p.node().path("spec").path("tolerations").size()).isEqualTo(1);
  }

  @Test
  void qosClassIsComputedFromCpuAndMemory() {
    assertThat(created("{'containers':[{'name':'a','image':'x','resources':{'limits':{'cpu':'1',"
        + "'memory':'1Gi'}}}]}").node().path("status").path("qosClass").asString()).isEqualTo("Guaranteed");
    assertThat(created("{'containers':[{'name':'a','image':'x','resources':{'limits':{'cpu':'1',"
        + "'memory':'1Gi'},'requests':{'cpu':'1000m','memory':'1024Mi'}}}]}").node().path("status")
        .path("qosClass").asString()).isEqualTo("Guaranteed");
    assertThat(created("{'containers':[{'name':'a','image':'x','resources':{'requests':{'cpu':'100m'}}}]}")
        .node().path("status").path("qosClass").asString()).isEqualTo("Burstable");
  }

  @Test
  void unknownPriorityClassIsForbidden() {
    assertThatThrownBy(() -> created("{'priorityClassName':'gold','containers':[{'name':'a','image':'x'}]}"))
        .isInstanceOf(ApiException.class).hasMessageContaining("no PriorityClass with name gold was found");
  }

  @Test
  void updatesMayChangeImagesButNotOtherSpecFields() {
    KubeObject old = created("{'containers':[{'name':'web','image':'nginx'}]}");
    KubeObject newImage = old.deepCopy();
    ((ObjectNode) newImage.node().path("spec").path("containers").get(0)).put("image", "nginx:1.27");
    assertThat(strategy.validateUpdate(newImage, old)).isEmpty();

    KubeObject newPort = old.deepCopy();
    ((ObjectNode) newPort.node().path("spec").path("containers").get(0)).putArray("ports").addObject()
        .put("containerPort", 80).put("protocol", "TCP");
    assertThat(strategy.validateUpdate(newPort, old)).extracting(FieldError::message).containsExactly(
        "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
            + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
            + "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
            + "previously negative)");
  }

  @Test
  void gracePeriodFollowsUpstreamsPodRules() {
    KubeObject p = created("{'containers':[{'name':'a','image':'x'}]}");
    assertThat(strategy.gracePeriodSeconds(p, null)).isZero(); // never scheduled
    ((ObjectNode) p.node().path("spec")).put("nodeName", "n1");
    assertThat(strategy.gracePeriodSeconds(p, null)).isEqualTo(30);
    assertThat(strategy.gracePeriodSeconds(p, 5L)).isEqualTo(5);
    ((ObjectNode) p.node().path("status")).put("phase", "Succeeded");
    assertThat(strategy.gracePeriodSeconds(p, 5L)).isZero();
  }
}
