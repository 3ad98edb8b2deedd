package dev.capstan.server.registry.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class AutoscalingResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");

  private static KubeObject obj(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json.replace('\'', '"')));
  }

  @Test
  void v2DefaultsMinReplicasTheCpuMetricAndScalingRules() {
    ResourceDefinition v2 = AutoscalingResources.v2();
    assertThat(v2.shortNames()).containsExactly("hpa");
    assertThat(v2.categories()).containsExactly("all");
    KubeObject o = obj("{'spec':{'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'web'},"
        + "'maxReplicas':5,'behavior':{'scaleDown':{'stabilizationWindowSeconds':60}}}}");
    v2.strategy().applyDefaults(o);
    assertThat(o.node().at("/spec/minReplicas").asInt()).isEqualTo(1);
    assertThat(o.node().at("/spec/metrics").toString()).isEqualTo("[{\"type\":\"Resource\",\"resource\":{"
        + "\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":80}}}]");
    assertThat(o.node().at("/spec/behavior").toString()).isEqualTo("{\"scaleDown\":{\"stabilizationWindowSeconds\":"
        + "60,\"policies\":[{\"type\":\"Percent\",\"value\":100,\"periodSeconds\":15}],\"selectPolicy\":\"Max\"},"
        + "\"scaleUp\":{\"policies\":[{\"type\":\"Pods\",\"value\":4,\"periodSeconds\":15},{\"type\":\"Percent\","
        + "\"value\":100,\"periodSeconds\":15}],\"selectPolicy\":\"Max\",\"stabilizationWindowSeconds\":0}}");
    assertThat(v2.strategy().validate(o)).isEmpty();
  }

  @Test
  void printsTargetsAsUpstreamForBothVersions() {
    KubeObject v2 = obj("{'apiVersion':'autoscaling/v2','metadata':{'name':'web','creationTimestamp':"
        + "'2026-11-29T00:00:00Z'},'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'minReplicas':1,"
        + "'maxReplicas':10,'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization',"
        + "'averageUtilization':80}}},{'type':'Resource','resource':{'name':'memory','target':{'type':"
        + "'AverageValue','averageValue':'512Mi'}}},{'type':'Pods','pods':{'metric':{'name':'qps'},'target':{"
        + "'type':'AverageValue','averageValue':'1k'}}}]},'status':{'currentReplicas':2,'currentMetrics':["
        + "{'type':'Resource','resource':{'name':'cpu','current':{'averageUtilization':35}}}]}}");
    assertThat(AutoscalingResources.v2().printer().cells(v2, NOW)).containsExactly("web", "Deployment/web",
        "cpu: 35%/80%, memory: <unknown>/512Mi + 1 more...", "1", 10L, 2L, "60m");
    KubeObject v1 = obj("{'apiVersion':'autoscaling/v1','metadata':{'name':'api','creationTimestamp':"
        + "'2026-11-29T00:00:00Z'},'spec':{'scaleTargetRef':{'kind':'Deployment','name':'api'},'maxReplicas':3,"
        + "'targetCPUUtilizationPercentage':50},'status':{'currentReplicas':0,'desiredReplicas':0}}");
    assertThat(AutoscalingResources.v1().printer().cells(v1, NOW)).containsExactly("api", "Deployment/api",
        "cpu: <unknown>/50%", "<unset>", 3L, 0L, "60m");
  }

  @Test
  void v1RoundTripsThroughStoredV2() {
    HpaConversion conversion = new HpaConversion();
    KubeObject v1 = obj("{'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler','metadata':{'name':'api',"
        + "'annotations':{'team':'a'}},'spec':{'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment',"
        + "'name':'api'},'minReplicas':1,'maxReplicas':3,'targetCPUUtilizationPercentage':50},'status':{"
        + "'currentReplicas':2,'desiredReplicas':2,'currentCPUUtilizationPercentage':40}}");
    KubeObject stored = conversion.toStorage(v1.deepCopy());
    assertThat(stored.apiVersion()).isEqualTo("autoscaling/v2");
    assertThat(stored.node().at("/spec/metrics").toString()).isEqualTo("[{\"type\":\"Resource\",\"resource\":{"
        + "\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":50}}}]");
    assertThat(stored.node().at("/status/currentMetrics/0/resource/current/averageUtilization").asInt())
        .isEqualTo(40);
    KubeObject back = conversion.fromStorage(stored);
    // The current metrics come back as an annotation too, as upstream writes them.
    ((ObjectNode) back.node().at("/metadata/annotations")).remove(HpaConversion.CURRENT_METRICS);
    assertThat(back.node()).isEqualTo(v1.node());
    // Without any target, v1 means cpu at 80%.
    KubeObject bare = obj("{'apiVersion':'autoscaling/v1','spec':{'maxReplicas':3}}");
    assertThat(conversion.toStorage(bare).node().at("/spec/metrics/0/resource/target/averageUtilization").asInt())
        .isEqualTo(80);
  }

  @Test
  void v2RoundTripsThroughV1WithWhatV1CannotHoldInAnnotations() {
    HpaConversion conversion = new HpaConversion();
    KubeObject v2 = obj("{'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler','metadata':{'name':'web'},"
        + "'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'minReplicas':2,'maxReplicas':10,"
        + "'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization',"
        + "'averageUtilization':70}}},{'type':'Resource','resource':{'name':'memory','target':{'type':"
        + "'AverageValue','averageValue':'1Gi'}}}],'behavior':{'scaleDown':{'stabilizationWindowSeconds':30}}},"
        + "'status':{'currentReplicas':2,'desiredReplicas':3,'conditions':[{'type':'AbleToScale',"
        + "'status':'True'}]}}");
    KubeObject v1 = conversion.fromStorage(v2.deepCopy());
    assertThat(v1.node().at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(70);
    assertThat(v1.node().at("/metadata/annotations").toString()).isEqualTo("{\"autoscaling.alpha.kubernetes.io/"
        + "metrics\":\"[{\\\"type\\\":\\\"Resource\\\",\\\"resource\\\":{\\\"name\\\":\\\"memory\\\",\\\"target\\\":"
        + "{\\\"type\\\":\\\"AverageValue\\\",\\\"averageValue\\\":\\\"1Gi\\\"}}}]\",\"autoscaling.alpha.kubernetes."
        + "io/conditions\":\"[{\\\"type\\\":\\\"AbleToScale\\\",\\\"status\\\":\\\"True\\\"}]\",\"autoscaling.alpha."
        + "kubernetes.io/behavior\":\"{\\\"scaleDown\\\":{\\\"stabilizationWindowSeconds\\\":30}}\"}");
    assertThat(conversion.toStorage(v1).node()).isEqualTo(v2.node());
  }

  @Test
  void validatesReplicasTargetAndMetricsWithV2Paths() {
    assertThat(AutoscalingResources.v2().strategy().validate(obj("{'spec':{'minReplicas':5,'maxReplicas':2,"
        + "'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization',"
        + "'averageUtilization':0}}}]}}"))).extracting(FieldError::message).containsExactly(
            "spec.scaleTargetRef.kind: Required value", "spec.scaleTargetRef.name: Required value",
            "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
            "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0");
    assertThat(AutoscalingResources.v1().strategy().validate(obj("{'apiVersion':'autoscaling/v1','spec':{"
        + "'scaleTargetRef':{'kind':'Deployment','name':'x'},'minReplicas':0,'maxReplicas':0,"
        + "'targetCPUUtilizationPercentage':-5}}"))).extracting(FieldError::message).containsExactly(
            "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
            "spec.maxReplicas: Invalid value: 0: must be greater than 0",
            "spec.metrics[0].resource.target.averageUtilization: Invalid value: -5: must be greater than 0");
  }
}
