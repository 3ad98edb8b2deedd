package dev.capstan.server.registry.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class AppsResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");
  private static final String TEMPLATE = "'template':{'metadata':{'labels':{'app':'web'}},"
      + "'spec':{'containers':[{'name':'nginx','image':'nginx:1.27'},{'name':'side','image':'busybox'}]}}";

  private static KubeObject object(String kind, String spec) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(("{'apiVersion':'apps/v1','kind':'" + kind + "','metadata':"
        + "{'name':'web','namespace':'default','creationTimestamp':'2025-05-01T11:00:00Z'},'spec':" + spec + "}")
        .replace('\'', '"')));
  }

  private static KubeObject created(ResourceDefinition d, String kind, String spec) {
    KubeObject o = object(kind, spec);
    d.strategy().applyDefaults(o);
    d.strategy().prepareForCreate(o);
    return o;
  }

  @Test
  void deploymentReadsBackWithUpstreamsDefaults() {
    ResourceDefinition d = AppsResources.deployments();
    KubeObject o = created(d, "Deployment", "{'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE + "}");

    assertThat(o.node().path("spec").path("strategy").toString()).isEqualTo("{\"type\":\"RollingUpdate\","
        + "\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}}");
    assertThat(o.node().path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(o.node().path("spec").path("revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(o.node().path("spec").path("progressDeadlineSeconds").asInt()).isEqualTo(600);
    assertThat(o.node().path("spec").path("template").path("spec").path("containers").get(1)
        .path("imagePullPolicy").asString()).isEqualTo("Always");
    assertThat(d.strategy().validate(o)).isEmpty();
    assertThat(d.shortNames()).containsExactly("deploy");
    assertThat(d.categories()).containsExactly("all");
    assertThat(d.scale()).isNotNull();
    assertThat(d.generation()).isTrue();
  }

  @Test
  void deploymentWithoutSelectorGetsBothOfUpstreamsErrors() {
    ResourceDefinition d = AppsResources.deployments();
    KubeObject o = created(d, "Deployment", "{" + TEMPLATE + "}");

    assertThat(FieldError.invalid("apps", d.qualifiedKind(), d.kind(), o.name(), d.strategy().validate(o))
        .getMessage()).isEqualTo("Deployment.apps \"web\" is invalid: [spec.selector: Required value, "
            + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does "
            + "not match template `labels`]");
  }

  @Test
  void replicasMustNotBeNegativeAndSelectorIsImmutable() {
    ResourceDefinition d = AppsResources.replicaSets();
    KubeObject old = created(d, "ReplicaSet", "{'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE + "}");
    KubeObject next = old.deepCopy();
    ((ObjectNode) next.node().path("spec")).put("replicas", -1);
    ((ObjectNode) next.node().path("spec").path("selector").path("matchLabels")).put("tier", "fe");
    ((ObjectNode) next.node().path("spec").path("template").path("metadata").path("labels")).put("tier", "fe");

    assertThat(d.strategy().validateUpdate(next, old)).extracting(FieldError::message).containsExactly(
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
        "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", "
            + "\"tier\":\"fe\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
  }

  @Test
  void templatesMustRestartAlways() {
    ResourceDefinition d = AppsResources.daemonSets();
    KubeObject o = created(d, "DaemonSet", "{'selector':{'matchLabels':{'app':'web'}},"
        + TEMPLATE.replace("'containers'", "'restartPolicy':'Never','containers'") + "}");
    assertThat(d.strategy().validate(o)).extracting(FieldError::message).containsExactly(
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
  }

  @Test
  void statefulAndDaemonSetDefaults() {
    KubeObject sts = created(AppsResources.statefulSets(), "StatefulSet", "{'selector':{'matchLabels':"
        + "{'app':'web'}},'serviceName':'web'," + TEMPLATE + ",'volumeClaimTemplates':[{'metadata':{'name':'www'},"
        + "'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}}]}");
    ObjectNode spec = (ObjectNode) sts.node().path("spec");
    assertThat(spec.path("podManagementPolicy").asString()).isEqualTo("OrderedReady");
    assertThat(spec.path("updateStrategy").toString()).isEqualTo("{\"type\":\"RollingUpdate\","
        + "\"rollingUpdate\":{\"partition\":0}}");
    assertThat(spec.path("persistentVolumeClaimRetentionPolicy").toString())
        .isEqualTo("{\"whenDeleted\":\"Retain\",\"whenScaled\":\"Retain\"}");
    assertThat(spec.path("volumeClaimTemplates").get(0).path("status").path("phase").asString()).isEqualTo("Pending");
    assertThat(spec.path("volumeClaimTemplates").get(0).path("spec").path("volumeMode").asString())
        .isEqualTo("Filesystem");

    KubeObject ds = created(AppsResources.daemonSets(), "DaemonSet", "{'selector':{'matchLabels':{'app':'web'}},"
        + TEMPLATE + "}");
    assertThat(ds.node().path("spec").path("updateStrategy").toString()).isEqualTo("{\"type\":\"RollingUpdate\","
        + "\"rollingUpdate\":{\"maxUnavailable\":1,\"maxSurge\":0}}");
    assertThat(ds.node().path("spec").path("revisionHistoryLimit").asInt()).isEqualTo(10);
  }

  @Test
  void statefulSetUpdatesMayNotChangeTheServiceName() {
    ResourceDefinition d = AppsResources.statefulSets();
    KubeObject old = created(d, "StatefulSet", "{'selector':{'matchLabels':{'app':'web'}},'serviceName':'web',"
        + TEMPLATE + "}");
    KubeObject scaled = old.deepCopy();
    ((ObjectNode) scaled.node().path("spec")).put("replicas", 3);
    assertThat(d.strategy().validateUpdate(scaled, old)).isEmpty();
    KubeObject renamed = old.deepCopy();
    ((ObjectNode) renamed.node().path("spec")).put("serviceName", "other");
    assertThat(d.strategy().validateUpdate(renamed, old)).extracting(FieldError::message).containsExactly(
        "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
            + "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  }

  @Test
  void printersFillUpstreamsColumns() {
    KubeObject deploy = object("Deployment", "{'replicas':3,'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE
        + "}");
    deploy.node().set("status", JSON.readTree("{\"readyReplicas\":2,\"updatedReplicas\":3,\"availableReplicas\":2}"));
    ResourceDefinition d = AppsResources.deployments();
    assertThat(d.columns()).extracting(c -> c.name() + ":" + c.priority()).containsExactly("Name:0", "Ready:0",
        "Up-to-date:0", "Available:0", "Age:0", "Containers:1", "Images:1", "Selector:1");
    assertThat(d.printer().cells(deploy, NOW)).containsExactly("web", "2/3", 3L, 2L, "60m", "nginx,side",
        "nginx:1.27,busybox", "app=web");

    KubeObject ds = object("DaemonSet", "{'selector':{'matchLabels':{'app':'web'}}," + TEMPLATE
        .replace("'containers'", "'nodeSelector':{'kubernetes.io/os':'linux'},'containers'") + "}");
    assertThat(AppsResources.daemonSets().printer().cells(ds, NOW)).containsExactly("web", 0L, 0L, 0L, 0L, 0L,
        "kubernetes.io/os=linux", "60m", "nginx,side", "nginx:1.27,busybox", "app=web");

    KubeObject rev = KubeObject.wrap((ObjectNode) JSON.readTree(("{'metadata':{'name':'web-5d4b','ownerReferences':"
        + "[{'apiVersion':'apps/v1','kind':'StatefulSet','name':'web','controller':true}]},'revision':2}")
        .replace('\'', '"')));
    assertThat(AppsResources.controllerRevisions().printer().cells(rev, NOW))
        .isEqualTo(List.of("web-5d4b", "statefulset.apps/web", 2L, "<unknown>"));
  }
}
