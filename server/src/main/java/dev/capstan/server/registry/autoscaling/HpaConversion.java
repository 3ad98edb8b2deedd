package dev.capstan.server.registry.autoscaling;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Conversion;
import dev.capstan.server.registry.values.Checks;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * autoscaling/v1 HorizontalPodAutoscalers over stored autoscaling/v2 ones, as upstream converts them: v1's
 * targetCPUUtilizationPercentage is a cpu Utilization metric, and what v1 has no field for (other metrics, current
 * metrics, conditions, behavior) travels in {@code autoscaling.alpha.kubernetes.io/*} annotations as v2 JSON, so
 * nothing is lost going through v1. A v1 object with no metrics at all gets the cpu 80% default. Stateless.
 */
final class HpaConversion implements Conversion {
  static final String V1 = "autoscaling/v1";
  static final String V2 = "autoscaling/v2";
  static final String METRICS = "autoscaling.alpha.kubernetes.io/metrics";
  static final String CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics";
  static final String CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
  static final String BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior";
  private static final List<String> ROUND_TRIP = List.of(METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String[] STATUS_SHARED = {"observedGeneration", "lastScaleTime", "currentReplicas",
      "desiredReplicas"};

  @Override
  public KubeObject toStorage(KubeObject served) {
    return KubeObject.wrap(toV2(served.node()));
  }

  @Override
  public KubeObject fromStorage(KubeObject stored) {
    ObjectNode in = stored.node();
    ObjectNode out = in.objectNode();
    out.put("apiVersion", V1);
    out.put("kind", "HorizontalPodAutoscaler");
    ObjectNode meta = in.path("metadata") instanceof ObjectNode m ? m.deepCopy() : out.objectNode();
    out.set("metadata", meta);
    JsonNode spec = in.path("spec");
    ObjectNode outSpec = out.putObject("spec");
    copy(spec, "scaleTargetRef", outSpec);
    copy(spec, "minReplicas", outSpec);
    copy(spec, "maxReplicas", outSpec);
    ArrayNode others = out.arrayNode();
    boolean cpuSeen = false;
    for (JsonNode metric : spec.path("metrics")) {
      if (isCpu(metric) && metric.path("resource").path("target").has("averageUtilization")) {
        if (!cpuSeen) {
          outSpec.set("targetCPUUtilizationPercentage",
              metric.path("resource").path("target").get("averageUtilization").deepCopy());
          cpuSeen = true;
        }
        continue;
      }
      others.add(metric.deepCopy());
    }
    JsonNode status = in.path("status");
    ObjectNode outStatus = out.putObject("status");
    for (String f : STATUS_SHARED) {
      copy(status, f, outStatus);
    }
    for (JsonNode metric : status.path("currentMetrics")) {
      JsonNode utilization = metric.path("resource").path("current").get("averageUtilization");
      if (isCpu(metric) && utilization != null && !utilization.isNull()) {
        outStatus.set("currentCPUUtilizationPercentage", utilization.deepCopy());
      }
    }
    annotate(meta, METRICS, others.isEmpty() ? null : others);
    annotate(meta, CURRENT_METRICS, status.path("currentMetrics").isEmpty() ? null : status.get("currentMetrics"));
    annotate(meta, CONDITIONS, status.path("conditions").isEmpty() ? null : status.get("conditions"));
    annotate(meta, BEHAVIOR, spec.get("behavior"));
    return KubeObject.wrap(out);
  }

  /** The autoscaling/v2 form of {@code in}; an object already in v2 form is returned as a copy. */
  static ObjectNode toV2(ObjectNode in) {
    if (!V1.equals(in.path("apiVersion").asString(""))) {
      return in.deepCopy();
    }
    ObjectNode out = in.objectNode();
    out.put("apiVersion", V2);
    out.put("kind", "HorizontalPodAutoscaler");
    ObjectNode meta = in.path("metadata") instanceof ObjectNode m ? m.deepCopy() : out.objectNode();
    out.set("metadata", meta);
    JsonNode annotations = meta.path("annotations");
    JsonNode spec = in.path("spec");
    ObjectNode outSpec = out.putObject("spec");
    copy(spec, "scaleTargetRef", outSpec);
    copy(spec, "minReplicas", outSpec);
    copy(spec, "maxReplicas", outSpec);
    ArrayNode metrics = outSpec.putArray("metrics");
    JsonNode target = spec.get("targetCPUUtilizationPercentage");
    if (target != null && !target.isNull()) {
      metrics.add(cpuUtilization(target.asInt()));
    }
    JsonNode others = parse(annotations.get(METRICS));
    if (others != null && others.isArray()) {
      others.forEach(m -> metrics.add(m.deepCopy()));
    }
    if (metrics.isEmpty()) {
      // autoscaling/v1 always had a cpu target, 80% when none was given.
      metrics.add(cpuUtilization(80));
    }
    JsonNode behavior = parse(annotations.get(BEHAVIOR));
    if (behavior != null && behavior.isObject()) {
      outSpec.set("behavior", behavior);
    }
    JsonNode status = in.path("status");
    ObjectNode outStatus = out.putObject("status");
    for (String f : STATUS_SHARED) {
      copy(status, f, outStatus);
    }
    JsonNode current = parse(annotations.get(CURRENT_METRICS));
    JsonNode cpuNow = status.get("currentCPUUtilizationPercentage");
    if (current != null && current.isArray()) {
      outStatus.set("currentMetrics", current);
    } else if (cpuNow != null && !cpuNow.isNull()) {
      ObjectNode m = outStatus.putArray("currentMetrics").addObject();
      m.put("type", "Resource");
      ObjectNode resource = m.putObject("resource");
      resource.put("name", "cpu");
      resource.putObject("current").set("averageUtilization", cpuNow.deepCopy());
    }
    JsonNode conditions = parse(annotations.get(CONDITIONS));
    if (conditions != null && conditions.isArray()) {
      outStatus.set("conditions", conditions);
    }
    if (meta.get("annotations") instanceof ObjectNode a) {
      ROUND_TRIP.forEach(a::remove);
      if (a.isEmpty()) {
        meta.remove("annotations");
      }
    }
    return out;
  }

  /** The autoscaling/v2 form of {@code o}, which may be in either version. */
  static KubeObject v2(KubeObject o) {
    return V1.equals(o.apiVersion()) ? KubeObject.wrap(toV2(o.node())) : o;
  }

  static ObjectNode cpuUtilization(int percent) {
    ObjectNode m = JSON.createObjectNode();
    m.put("type", "Resource");
    ObjectNode resource = m.putObject("resource");
    resource.put("name", "cpu");
    resource.putObject("target").put("type", "Utilization").put("averageUtilization", percent);
    return m;
  }

  private static boolean isCpu(JsonNode metric) {
    return Checks.text(metric, "type").equals("Resource") && Checks.text(metric.path("resource"), "name")
        .equals("cpu");
  }

  private static void annotate(ObjectNode meta, String key, JsonNode value) {
    if (value == null || value.isNull()) {
      return;
    }
    ObjectNode annotations = meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
    annotations.put(key, JSON.writeValueAsString(value));
  }

  private static JsonNode parse(JsonNode annotation) {
    if (annotation == null || !annotation.isString()) {
      return null;
    }
    try {
      return JSON.readTree(annotation.asString());
    } catch (RuntimeException e) {
      // Upstream fails the conversion; an unreadable annotation is ignored here instead.
      return null;
    }
  }

  private static void copy(JsonNode from, String field, ObjectNode to) {
    JsonNode v = from.get(field);
    if (v != null && !v.isNull()) {
      to.set(field, v.deepCopy());
    }
  }
}
