package dev.capstan.server.registry.autoscaling;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.GoValue;
import dev.capstan.server.registry.values.Quantity;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HorizontalPodAutoscalers: upstream's defaults for the served version (minReplicas 1; in v2 a cpu 80% metric
 * when none is given, and scaling rules filled in when a behavior is given), and upstream's validation, which
 * always runs on the v2 form so v1 errors carry v2 field paths, as upstream's internal validation reports them.
 */
final class HpaStrategy implements Strategy {
  static final List<String> SOURCE_TYPES = List.of("ContainerResource", "External", "Object", "Pods", "Resource");
  private static final Map<String, String> SOURCE_FIELDS = Map.of("ContainerResource", "containerResource",
      "External", "external", "Object", "object", "Pods", "pods", "Resource", "resource");
  private static final List<String> POLICY_TYPES = List.of("Percent", "Pods");
  private static final List<String> SELECT_POLICIES = List.of("Disabled", "Max", "Min");
  private static final int MAX_WINDOW = 3600;
  private static final int MAX_PERIOD = 1800;

  private final boolean v1;

  /** @param v1 true for the autoscaling/v1 definition, whose defaults differ */
  HpaStrategy(boolean v1) {
    this.v1 = v1;
  }

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks checks = TypeChecks.of(o, kind, apiVersion)
        .nested("HorizontalPodAutoscalerSpec", "int32", "spec", "minReplicas")
        .nested("HorizontalPodAutoscalerSpec", "int32", "spec", "maxReplicas")
        .nested("CrossVersionObjectReference", "string", "spec", "scaleTargetRef", "kind")
        .nested("CrossVersionObjectReference", "string", "spec", "scaleTargetRef", "name");
    if (v1) {
      checks.nested("HorizontalPodAutoscalerSpec", "int32", "spec", "targetCPUUtilizationPercentage");
    }
  }

  @Override
  public void applyDefaults(KubeObject o) {
    ObjectNode spec = o.node().get("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
    if (!spec.has("minReplicas") || spec.get("minReplicas").isNull()) {
      spec.put("minReplicas", 1);
    }
    if (v1) {
      // v1's cpu default is applied by the conversion, where the other metrics can be seen.
      return;
    }
    if (spec.path("metrics").isEmpty()) {
      spec.putArray("metrics").add(HpaConversion.cpuUtilization(80));
    }
    if (spec.get("behavior") instanceof ObjectNode behavior) {
      behavior.set("scaleUp", rules(behavior.get("scaleUp"), true));
      behavior.set("scaleDown", rules(behavior.get("scaleDown"), false));
    }
  }

  /**
   * Upstream's scaling rules: up at most 4 pods or 100% per 15s with no stabilization; down 100% per 15s with the
   * window left to the controller's flag. Given rules keep what they set and get the rest.
   */
  private static ObjectNode rules(JsonNode given, boolean up) {
    ObjectNode rules = given instanceof ObjectNode r ? r : new ObjectNode(tools.jackson.databind.node.JsonNodeFactory
        .instance);
    if (rules.path("policies").isEmpty()) {
      ArrayNode policies = rules.putArray("policies");
      if (up) {
        policies.addObject().put("type", "Pods").put("value", 4).put("periodSeconds", 15);
      }
      policies.addObject().put("type", "Percent").put("value", 100).put("periodSeconds", 15);
    }
    if (!rules.has("selectPolicy") || rules.get("selectPolicy").isNull()) {
      rules.put("selectPolicy", "Max");
    }
    if (up && (!rules.has("stabilizationWindowSeconds") || rules.get("stabilizationWindowSeconds").isNull())) {
      rules.put("stabilizationWindowSeconds", 0);
    }
    return rules;
  }

  @Override
  public List<FieldError> validate(KubeObject served) {
    JsonNode spec = HpaConversion.v2(served).node().path("spec");
    List<FieldError> errs = new ArrayList<>();
    JsonNode ref = spec.path("scaleTargetRef");
    for (String f : new String[] {"kind", "name"}) {
      String v = Checks.text(ref, f);
      if (v.isEmpty()) {
        errs.add(FieldError.required("spec.scaleTargetRef." + f, ""));
      } else if (v.contains("/") || v.contains("%") || v.equals(".") || v.equals("..")) {
        errs.add(FieldError.invalid("spec.scaleTargetRef." + f, v, v.contains("/") ? "may not contain '/'"
            : v.contains("%") ? "may not contain '%'" : "may not be '" + v + "'"));
      }
    }
    JsonNode min = spec.get("minReplicas");
    long max = spec.path("maxReplicas").asLong(0);
    if (min != null && !min.isNull() && min.asLong() < 1) {
      errs.add(FieldError.invalid("spec.minReplicas", min.asLong(), "must be greater than or equal to 1"));
    }
    if (max < 1) {
      errs.add(FieldError.invalid("spec.maxReplicas", max, "must be greater than 0"));
    }
    if (min != null && !min.isNull() && max < min.asLong()) {
      errs.add(FieldError.invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
    }
    JsonNode metrics = spec.path("metrics");
    for (int i = 0; i < metrics.size(); i++) {
      metric(errs, "spec.metrics[" + i + "]", metrics.get(i));
    }
    JsonNode behavior = spec.get("behavior");
    if (behavior != null && behavior.isObject()) {
      scalingRules(errs, "spec.behavior.scaleUp", behavior.get("scaleUp"));
      scalingRules(errs, "spec.behavior.scaleDown", behavior.get("scaleDown"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateStatusUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode status = HpaConversion.v2(o).node().path("status");
    for (String f : new String[] {"currentReplicas", "desiredReplicas"}) {
      long v = status.path(f).asLong(0);
      if (v < 0) {
        errs.add(FieldError.invalid("status." + f, v, Checks.NEGATIVE));
      }
    }
    return errs;
  }

  private static void metric(List<FieldError> errs, String path, JsonNode m) {
    String type = Checks.text(m, "type");
    if (type.isEmpty()) {
      errs.add(FieldError.required(path + ".type", "must specify a metric source type"));
    }
    if (!SOURCE_TYPES.contains(type)) {
      errs.add(Checks.notSupported(path + ".type", type, SOURCE_TYPES));
    }
    List<String> present = new ArrayList<>();
    for (String t : SOURCE_TYPES) {
      String field = SOURCE_FIELDS.get(t);
      JsonNode source = m.get(field);
      if (source != null && !source.isNull()) {
        present.add(field);
        if (!t.equals(type)) {
          errs.add(FieldError.forbidden(path + "." + field, "must populate information for the given metric "
              + "source (only allowed when type is " + t + ")"));
        }
      }
    }
    String expected = SOURCE_FIELDS.get(type);
    if (expected != null && !present.contains(expected)) {
      errs.add(FieldError.required(path + "." + expected, "must populate information for the given metric source"));
    }
    if (present.size() > 1 && expected != null) {
      for (String field : present) {
        if (!field.equals(expected)) {
          errs.add(FieldError.forbidden(path + "." + field, "must populate the given metric source only"));
        }
      }
    }
    JsonNode resource = m.get("resource");
    if (resource != null && resource.isObject()) {
      String rp = path + ".resource";
      if (Checks.text(resource, "name").isEmpty()) {
        errs.add(FieldError.required(rp + ".name", "must specify a resource name"));
      }
      JsonNode target = resource.path("target");
      target(errs, rp + ".target", target);
      boolean utilization = target.has("averageUtilization") && !target.get("averageUtilization").isNull();
      boolean average = target.has("averageValue") && !target.get("averageValue").isNull();
      if (!utilization && !average) {
        errs.add(FieldError.required(rp + ".target.averageUtilization",
            "must set either a target raw value or a target utilization"));
      } else if (utilization && average) {
        errs.add(FieldError.forbidden(rp + ".target.averageValue",
            "may not set both a target raw value and a target utilization"));
      }
    }
  }

  private static void target(List<FieldError> errs, String path, JsonNode t) {
    String type = Checks.text(t, "type");
    if (type.isEmpty()) {
      errs.add(FieldError.required(path + ".type", "must specify a metric target type"));
    }
    if (!List.of("Utilization", "Value", "AverageValue").contains(type)) {
      errs.add(FieldError.invalid(path + ".type", type, "must be either Utilization, Value, or AverageValue"));
    }
    for (String f : new String[] {"value", "averageValue"}) {
      Quantity q = Quantity.of(t.get(f));
      if (q != null && q.signum() != 1) {
        errs.add(FieldError.invalid(path + "." + f, new GoValue(q.toString()), "must be positive"));
      }
    }
    JsonNode utilization = t.get("averageUtilization");
    if (utilization != null && !utilization.isNull() && utilization.asLong() < 1) {
      errs.add(FieldError.invalid(path + ".averageUtilization", utilization.asLong(), "must be greater than 0"));
    }
  }

  private static void scalingRules(List<FieldError> errs, String path, JsonNode rules) {
    if (rules == null || !rules.isObject()) {
      return;
    }
    JsonNode window = rules.get("stabilizationWindowSeconds");
    if (window != null && !window.isNull()) {
      if (window.asLong() < 0) {
        errs.add(FieldError.invalid(path + ".stabilizationWindowSeconds", window.asLong(),
            "must be greater than or equal to zero"));
      } else if (window.asLong() > MAX_WINDOW) {
        errs.add(FieldError.invalid(path + ".stabilizationWindowSeconds", window.asLong(),
            "must be less than or equal to " + MAX_WINDOW));
      }
    }
    String select = Checks.text(rules, "selectPolicy");
    if (!select.isEmpty() && !SELECT_POLICIES.contains(select)) {
      errs.add(Checks.notSupported(path + ".selectPolicy", select, SELECT_POLICIES));
    }
    JsonNode policies = rules.path("policies");
    if (policies.isEmpty() && !select.equals("Disabled")) {
      errs.add(FieldError.required(path + ".policies", "must specify at least one Policy"));
    }
    for (int i = 0; i < policies.size(); i++) {
      JsonNode p = policies.get(i);
      String pp = path + ".policies[" + i + "]";
      String type = Checks.text(p, "type");
      if (!POLICY_TYPES.contains(type)) {
        errs.add(Checks.notSupported(pp + ".type", type, POLICY_TYPES));
      }
      if (p.path("value").asLong(0) <= 0) {
        errs.add(FieldError.invalid(pp + ".value", p.path("value").asLong(0), "must be greater than zero"));
      }
      long period = p.path("periodSeconds").asLong(0);
      if (period <= 0) {
        errs.add(FieldError.invalid(pp + ".periodSeconds", period, "must be greater than zero"));
      } else if (period > MAX_PERIOD) {
        errs.add(FieldError.invalid(pp + ".periodSeconds", period, "must be less than or equal to " + MAX_PERIOD));
      }
    }
  }
}
