package dev.capstan.server.registry.autoscaling;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * autoscaling: HorizontalPodAutoscalers, stored as autoscaling/v2 (as upstream stores them) and served as v2 and
 * as v1 through {@link HpaConversion}; both print upstream's columns from the v2 form.
 */
public final class AutoscalingResources {
  static final List<Tables.Column> COLUMNS = List.of(
      new Tables.Column("Name", "string", "name", "The object's name, unique within its namespace.", 0),
      new Tables.Column("Reference", "string", "", "The kind and name of the scaled object.", 0),
      new Tables.Column("Targets", "string", "", "Current and target values of the metrics.", 0),
      new Tables.Column("MinPods", "string", "", "The fewest replicas to scale down to.", 0),
      new Tables.Column("MaxPods", "string", "", "The most replicas to scale up to.", 0),
      new Tables.Column("Replicas", "string", "", "The replicas the autoscaler last saw.", 0),
      new Tables.Column("Age", "string", "", "How long ago the object was created.", 0));

  private AutoscalingResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(v2(), v1());
  }

  static ResourceDefinition v2() {
    return ResourceDefinition.builder("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler")
        .shortNames("hpa").categories("all").strategy(new HpaStrategy(false)).statusSubresource()
        .table(COLUMNS, AutoscalingResources::cells)
        .build();
  }

  static ResourceDefinition v1() {
    return ResourceDefinition.builder("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler")
        .shortNames("hpa").categories("all").strategy(new HpaStrategy(true)).statusSubresource()
        .conversion(new HpaConversion())
        .table(COLUMNS, AutoscalingResources::cells)
        .build();
  }

  static List<Object> cells(KubeObject served, Instant now) {
    JsonNode hpa = HpaConversion.v2(served).node();
    JsonNode spec = hpa.path("spec");
    JsonNode ref = spec.path("scaleTargetRef");
    JsonNode min = spec.get("minReplicas");
    return List.of(served.name(), Checks.text(ref, "kind") + "/" + Checks.text(ref, "name"),
        targets(spec.path("metrics"), hpa.path("status").path("currentMetrics")),
        min == null || min.isNull() ? "<unset>" : Long.toString(min.asLong()), spec.path("maxReplicas").asLong(0),
        hpa.path("status").path("currentReplicas").asLong(0),
        Ages.since(served.metadata().path("creationTimestamp").asString(""), now));
  }

  /** Upstream's TARGETS cell: {@code current/target} per metric, two at most, then {@code + N more...}. */
  static String targets(JsonNode specs, JsonNode statuses) {
    if (specs.isEmpty()) {
      return "<none>";
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      JsonNode spec = specs.get(i);
      JsonNode status = i < statuses.size() ? statuses.get(i) : null;
      list.add(target(spec, status));
    }
    int count = list.size();
    if (count > 2) {
      return String.join(", ", list.subList(0, 2)) + " + " + (count - 2) + " more...";
    }
    return String.join(", ", list);
  }

  private static String target(JsonNode spec, JsonNode status) {
    String type = Checks.text(spec, "type");
    String field = switch (type) {
      case "External" -> "external";
      case "Pods" -> "pods";
      case "Object" -> "object";
      case "Resource" -> "resource";
      case "ContainerResource" -> "containerResource";
      default -> null;
    };
    if (field == null) {
      return "<unknown type>";
    }
    JsonNode target = spec.path(field).path("target");
    JsonNode current = status == null ? null : status.get(field);
    JsonNode now = current == null || current.isNull() ? null : current.path("current");
    switch (type) {
      case "External", "Object" -> {
        if (present(target, "averageValue")) {
          return value(now, "averageValue") + "/" + quantity(target, "averageValue") + " (avg)";
        }
        return value(now, "value") + "/" + quantity(target, "value");
      }
      case "Pods" -> {
        return value(now, "averageValue") + "/" + quantity(target, "averageValue");
      }
      default -> {
        String name = Checks.text(spec.path(field), "name");
        if (present(target, "averageValue")) {
          return name + ": " + value(now, "averageValue") + "/" + quantity(target, "averageValue");
        }
        String currentText = now != null && present(now, "averageUtilization")
            ? now.path("averageUtilization").asLong() + "%" : "<unknown>";
        String targetText = present(target, "averageUtilization") ? target.path("averageUtilization").asLong() + "%"
            : "<auto>";
        return name + ": " + currentText + "/" + targetText;
      }
    }
  }

  private static boolean present(JsonNode n, String field) {
    return n.has(field) && !n.get(field).isNull();
  }

  private static String value(JsonNode now, String field) {
    return now == null ? "<unknown>" : quantity(now, field);
  }

  private static String quantity(JsonNode n, String field) {
    return Quantity.orZero(n.get(field)).toString();
  }
}
