package dev.capstan.server.registry.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PodSpecsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static ObjectNode parse(String json) {
    return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
  }

  @Test
  void templateSpecGetsUpstreamsDefaultsButNoPodOnlyOnes() {
    ObjectNode parent = parse("{'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':["
        + "{'name':'web','image':'nginx','ports':[{'containerPort':80}],"
        + "'readinessProbe':{'httpGet':{'port':80}},'resources':{'limits':{'cpu':'1'}}}],"
        + "'volumes':[{'name':'cfg','configMap':{'name':'c'}}]}}}");

    PodSpecs.applyTemplateDefaults(parent, "template");

    assertThat(parent.path("template").path("metadata").toString())
        .isEqualTo("{\"labels\":{\"app\":\"web\"},\"creationTimestamp\":null}");
    ObjectNode spec = (ObjectNode) parent.path("template").path("spec");
    assertThat(spec.path("restartPolicy").asString()).isEqualTo("Always");
    assertThat(spec.path("dnsPolicy").asString()).isEqualTo("ClusterFirst");
    assertThat(spec.path("schedulerName").asString()).isEqualTo("default-scheduler");
    assertThat(spec.path("securityContext").toString()).isEqualTo("{}");
    assertThat(spec.path("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
    assertThat(spec.has("enableServiceLinks")).isFalse();
    ObjectNode c = (ObjectNode) spec.path("containers").get(0);
    assertThat(c.path("imagePullPolicy").asString()).isEqualTo("Always");
    assertThat(c.path("terminationMessagePath").asString()).isEqualTo("/dev/termination-log");
    assertThat(c.path("terminationMessagePolicy").asString()).isEqualTo("File");
    assertThat(c.path("ports").get(0).path("protocol").asString()).isEqualTo("TCP");
    // Requests are filled from limits on pods only.
    assertThat(c.path("resources").has("requests")).isFalse();
    assertThat(c.path("readinessProbe").toString()).isEqualTo("{\"httpGet\":{\"port\":80,\"path\":\"/\","
        + "\"scheme\":\"HTTP\"},\"timeoutSeconds\":1,\"periodSeconds\":10,\"successThreshold\":1,"
        + "\"failureThreshold\":3}");
    assertThat(spec.path("volumes").get(0).path("configMap").path("defaultMode").asInt()).isEqualTo(420);
  }

  @Test
  void podDefaultsAddServiceLinksAndRequestsFromLimits() {
    ObjectNode spec = parse("{'containers':[{'name':'a','image':'busybox:1.36',"
        + "'resources':{'limits':{'cpu':'500m','memory':'64Mi'}}}],'serviceAccount':'builder'}");

    PodSpecs.applyPodDefaults(spec);

    assertThat(spec.path("enableServiceLinks").asBoolean()).isTrue();
    assertThat(spec.path("serviceAccountName").asString()).isEqualTo("builder");
    assertThat(spec.path("containers").get(0).path("resources").path("requests").toString())
        .isEqualTo("{\"cpu\":\"500m\",\"memory\":\"64Mi\"}");
    assertThat(spec.path("containers").get(0).path("imagePullPolicy").asString()).isEqualTo("IfNotPresent");
  }

  @Test
  void imagePullPolicyFollowsTheTagAsUpstreamParsesIt() {
    assertThat(SpecDefaults.imageTag("nginx")).isEqualTo("latest");
    assertThat(SpecDefaults.imageTag("nginx:latest")).isEqualTo("latest");
    assertThat(SpecDefaults.imageTag("localhost:5000/app")).isEqualTo("latest");
    assertThat(SpecDefaults.imageTag("localhost:5000/app:v2")).isEqualTo("v2");
    assertThat(SpecDefaults.imageTag("nginx@sha256:abc")).isEqualTo("");
  }

  @Test
  void validationUsesUpstreamsPathsAndMessages() {
    ObjectNode template = parse("{'metadata':{'labels':{'app':'web'}},'spec':{'containers':["
        + "{'name':'web','image':'nginx'},{'name':'web'},{'name':'Bad_Name','image':'x',"
        + "'volumeMounts':[{'name':'missing','mountPath':'/x'}]}],'restartPolicy':'Sometimes'}}");
    SpecDefaults.spec((ObjectNode) template.get("spec"));

    List<String> messages = PodSpecs.validateTemplate(template, "spec.template").stream()
        .map(FieldError::message).toList();

    assertThat(messages).containsExactly(
        "spec.template.spec.containers[1].name: Duplicate value: \"web\"",
        "spec.template.spec.containers[1].image: Required value",
        "spec.template.spec.containers[2].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must "
            + "consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric "
            + "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        "spec.template.spec.containers[2].volumeMounts[0].name: Not found: \"missing\"",
        "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
            + "\"OnFailure\", \"Never\"");
    assertThat(PodSpecs.validateSpec(parse("{'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}"), "spec")
        .stream().map(FieldError::message)).containsExactly("spec.containers: Required value");
  }

  @Test
  void selectorMismatchShowsTheTemplateLabelsAsGoPrintsAMap() {
    FieldError e = PodSpecs.selectorMismatch(parse("{'metadata':{'labels':{'b':'2','a':'1'}}}"), "spec.template");
    assertThat(e.message()).isEqualTo("spec.template.metadata.labels: Invalid value: "
        + "map[string]string{\"a\":\"1\", \"b\":\"2\"}: `selector` does not match template `labels`");
  }
}
