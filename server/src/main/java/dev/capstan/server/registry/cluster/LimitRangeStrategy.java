package dev.capstan.server.registry.cluster;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.GoValue;
import dev.capstan.server.registry.values.Quantity;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * LimitRanges: for Container limits, a missing default limit comes from max and a missing default request from the
 * default limit, then from min, as upstream defaults them; types and min/max/default ordering validated with
 * upstream's messages.
 */
final class LimitRangeStrategy implements Strategy {
  private static final Set<String> TYPES = Set.of("Pod", "Container", "PersistentVolumeClaim");
  private static final String[] LISTS = {"max", "min", "default", "defaultRequest", "maxLimitRequestRatio"};

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks checks = TypeChecks.of(o, kind, apiVersion);
    JsonNode limits = o.node().path("spec").path("limits");
    for (int i = 0; i < limits.size(); i++) {
      checks.nested("LimitRangeItem", "string", "spec", "limits", Integer.toString(i), "type");
      for (String list : LISTS) {
        Quantity.checkList(limits.get(i).get(list), kind, apiVersion);
      }
    }
  }

  @Override
  public void applyDefaults(KubeObject o) {
    for (JsonNode item : o.node().path("spec").path("limits")) {
      if (!(item instanceof ObjectNode limit) || !Checks.text(limit, "type").equals("Container")) {
        continue;
      }
      ObjectNode defaults = object(limit, "default");
      ObjectNode defaultRequest = object(limit, "defaultRequest");
      copyMissing(limit.path("max"), defaults);
      copyMissing(defaults, defaultRequest);
      copyMissing(limit.path("min"), defaultRequest);
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> types = new HashSet<>();
    JsonNode limits = o.node().path("spec").path("limits");
    for (int i = 0; i < limits.size(); i++) {
      JsonNode limit = limits.get(i);
      String path = "spec.limits[" + i + "]";
      String type = Checks.text(limit, "type");
      List<String> typeErrs = NameRules.qualifiedName(type);
      typeErrs.forEach(m -> errs.add(FieldError.invalid(path + ".type", type, m)));
      if (typeErrs.isEmpty() && !type.contains("/") && !TYPES.contains(type)) {
        errs.add(FieldError.invalid(path + ".type", type, "must be a standard limit type or fully qualified"));
      }
      if (!types.add(type)) {
        errs.add(new FieldError(FieldError.Type.DUPLICATE, path + ".type", type, ""));
      }
      if (type.equals("Pod")) {
        if (!limit.path("default").isEmpty()) {
          errs.add(FieldError.forbidden(path + ".default", "may not be specified when `type` is 'Pod'"));
        }
        if (!limit.path("defaultRequest").isEmpty()) {
          errs.add(FieldError.forbidden(path + ".defaultRequest", "may not be specified when `type` is 'Pod'"));
        }
      }
      if (type.equals("PersistentVolumeClaim") && !limit.path("min").has("storage")
          && !limit.path("max").has("storage")) {
        errs.add(FieldError.required(path + ".limits",
            "either minimum or maximum storage value is required, but neither was provided"));
      }
      Set<String> keys = new LinkedHashSet<>();
      for (String list : LISTS) {
        limit.path(list).propertyNames().forEach(keys::add);
      }
      for (String k : keys) {
        order(errs, limit, path, k);
      }
    }
    return errs;
  }

  /** Upstream's pairwise checks: min <= defaultRequest <= default <= max, and a ratio of at least 1. */
  private static void order(List<FieldError> errs, JsonNode limit, String path, String k) {
    Quantity min = Quantity.of(limit.path("min").get(k));
    Quantity max = Quantity.of(limit.path("max").get(k));
    Quantity def = Quantity.of(limit.path("default").get(k));
    Quantity req = Quantity.of(limit.path("defaultRequest").get(k));
    Quantity ratio = Quantity.of(limit.path("maxLimitRequestRatio").get(k));
    String key = "[" + k + "]";
    if (min != null && max != null && min.compareTo(max) > 0) {
      errs.add(FieldError.invalid(path + ".min" + key, show(min), "min value " + min + " is greater than max value "
          + max));
    }
    if (req != null && min != null && min.compareTo(req) > 0) {
      errs.add(FieldError.invalid(path + ".defaultRequest" + key, show(req), "min value " + min
          + " is greater than default request value " + req));
    }
    if (req != null && max != null && req.compareTo(max) > 0) {
      errs.add(FieldError.invalid(path + ".defaultRequest" + key, show(req), "default request value " + req
          + " is greater than max value " + max));
    }
    if (req != null && def != null && req.compareTo(def) > 0) {
      errs.add(FieldError.invalid(path + ".defaultRequest" + key, show(req), "default request value " + req
          + " is greater than default limit value " + def));
    }
    if (def != null && min != null && min.compareTo(def) > 0) {
      errs.add(FieldError.invalid(path + ".default" + key, show(min), "min value " + min
          + " is greater than default value " + def));
    }
    if (def != null && max != null && def.compareTo(max) > 0) {
      errs.add(FieldError.invalid(path + ".default" + key, show(max), "default value " + def
          + " is greater than max value " + max));
    }
    if (ratio != null && ratio.compareTo(Quantity.parse("1")) < 0) {
      errs.add(FieldError.invalid(path + ".maxLimitRequestRatio" + key, show(ratio), "ratio " + ratio
          + " is less than 1"));
    }
  }

  /** Upstream passes the Quantity itself, which prints unquoted. */
  private static GoValue show(Quantity q) {
    return new GoValue(q.toString());
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
  }

  private static void copyMissing(JsonNode from, ObjectNode to) {
    for (Map.Entry<String, JsonNode> e : from.properties()) {
      if (!to.has(e.getKey())) {
        to.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }
}
