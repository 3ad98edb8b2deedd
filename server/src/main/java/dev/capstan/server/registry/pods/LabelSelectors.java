package dev.capstan.server.registry.pods;

import dev.capstan.api.FieldError;
import dev.capstan.server.registry.Selectors;
import dev.capstan.server.validation.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The {@code metav1.LabelSelector} of workloads (matchLabels and matchExpressions): whether it selects a set of
 * labels, its validation with upstream's messages, and its printed forms.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** True when the selector has neither matchLabels nor matchExpressions (it would select everything). */
  public static boolean isEmpty(JsonNode selector) {
    return selector == null || !selector.isObject()
        || (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty());
  }

  /** Whether a structured selector selects {@code labels}; an absent selector selects nothing. */
  public static boolean matches(JsonNode selector, JsonNode labels) {
    if (selector == null || !selector.isObject()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
      JsonNode v = labels == null ? null : labels.get(e.getKey());
      if (v == null || !v.asString("").equals(e.getValue().asString(""))) {
        return false;
      }
    }
    for (JsonNode r : selector.path("matchExpressions")) {
      JsonNode v = labels == null ? null : labels.get(r.path("key").asString(""));
      List<String> values = new ArrayList<>();
      r.path("values").forEach(x -> values.add(x.asString("")));
      boolean ok = switch (r.path("operator").asString("")) {
        case "In" -> v != null && values.contains(v.asString(""));
        case "NotIn" -> v == null || !values.contains(v.asString(""));
        case "Exists" -> v != null;
        case "DoesNotExist" -> v == null;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether a plain map selector (replication controllers, services) selects {@code labels}. */
  public static boolean mapMatches(JsonNode selector, JsonNode labels) {
    for (Map.Entry<String, JsonNode> e : selector.properties()) {
      JsonNode v = labels == null ? null : labels.get(e.getKey());
      if (v == null || !v.asString("").equals(e.getValue().asString(""))) {
        return false;
      }
    }
    return true;
  }

  /** A structured selector's errors, as upstream's ValidateLabelSelector reports them under {@code path}. */
  public static List<FieldError> validate(JsonNode selector, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (selector == null || !selector.isObject()) {
      return errs;
    }
    JsonNode exprs = selector.path("matchExpressions");
    for (int i = 0; i < exprs.size(); i++) {
      JsonNode r = exprs.get(i);
      String at = path + ".matchExpressions[" + i + "]";
      String operator = r.path("operator").asString("");
      int values = r.path("values").size();
      switch (operator) {
        case "In", "NotIn" -> {
          if (values == 0) {
            errs.add(FieldError.required(at + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (values > 0) {
            errs.add(FieldError.forbidden(at + ".values",
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          }
        }
        default -> errs.add(FieldError.invalid(at + ".operator", operator, "not a valid selector operator"));
      }
      String key = r.path("key").asString("");
      NameRules.qualifiedName(key).forEach(m -> errs.add(FieldError.invalid(at + ".key", key, m)));
    }
    errs.addAll(validateLabels(selector.get("matchLabels"), path + ".matchLabels"));
    return errs;
  }

  /** A label map's errors (keys and values), as upstream's ValidateLabels reports them under {@code path}. */
  public static List<FieldError> validateLabels(JsonNode labels, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (labels == null || !labels.isObject()) {
      return errs;
    }
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      NameRules.qualifiedName(e.getKey()).forEach(m -> errs.add(FieldError.invalid(path, e.getKey(), m)));
      String value = e.getValue().asString("");
      NameRules.labelValue(value).forEach(m -> errs.add(FieldError.invalid(path, value, m)));
    }
    return errs;
  }

  /**
   * A structured selector as upstream's FormatLabelSelector prints it: the string form, or {@code <none>} when it
   * selects everything or is absent.
   */
  public static String format(JsonNode selector) {
    String s = selector == null || !selector.isObject() ? "" : Selectors.selectorString(selector);
    return s.isEmpty() ? "<none>" : s;
  }

  /** A structured selector in string form, "" when absent (upstream's printers use this for some kinds). */
  public static String plain(JsonNode selector) {
    return selector == null || !selector.isObject() ? "" : Selectors.selectorString(selector);
  }

  /** Labels as upstream's FormatLabels prints them: sorted {@code k=v} joined by commas, {@code <none>} if none. */
  public static String formatLabels(JsonNode labels) {
    Map<String, String> sorted = new TreeMap<>();
    if (labels != null) {
      labels.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString("")));
    }
    if (sorted.isEmpty()) {
      return "<none>";
    }
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }
}
