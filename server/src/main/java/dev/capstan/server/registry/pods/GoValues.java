package dev.capstan.server.registry.pods;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Values shown in validation messages the way upstream's Go code prints them with {@code %#v}, e.g.
 * {@code map[string]string{"app":"web"}}, so clients see the same text as from a real cluster.
 */
public final class GoValues {
  private GoValues() {}

  /** A value whose {@code toString} is the given Go rendering; FieldError prints it as is. */
  public record Rendered(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** A {@code map[string]string} (labels, a replication controller's selector); nil when absent. */
  public static Rendered stringMap(JsonNode map) {
    return new Rendered(stringMapText(map));
  }

  /** A {@code metav1.LabelSelector} value, as upstream shows it in "field is immutable" errors. */
  public static Rendered labelSelector(JsonNode selector) {
    StringBuilder s = new StringBuilder("v1.LabelSelector{MatchLabels:").append(stringMapText(selector.get("matchLabels")))
        .append(", MatchExpressions:");
    JsonNode exprs = selector.get("matchExpressions");
    if (exprs == null || !exprs.isArray()) {
      s.append("[]v1.LabelSelectorRequirement(nil)");
    } else {
      s.append("[]v1.LabelSelectorRequirement{");
      for (int i = 0; i < exprs.size(); i++) {
        JsonNode r = exprs.get(i);
        s.append(i == 0 ? "" : ", ").append("v1.LabelSelectorRequirement{Key:")
            .append(quote(r.path("key").asString(""))).append(", Operator:")
            .append(quote(r.path("operator").asString(""))).append(", Values:");
        JsonNode values = r.get("values");
        if (values == null || !values.isArray()) {
          s.append("[]string(nil)");
        } else {
          s.append("[]string{");
          for (int j = 0; j < values.size(); j++) {
            s.append(j == 0 ? "" : ", ").append(quote(values.get(j).asString("")));
          }
          s.append('}');
        }
        s.append('}');
      }
      s.append('}');
    }
    return new Rendered(s.append('}').toString());
  }

  private static String stringMapText(JsonNode map) {
    if (map == null || !map.isObject()) {
      return "map[string]string(nil)";
    }
    Map<String, String> sorted = new TreeMap<>();
    map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString("")));
    StringBuilder s = new StringBuilder("map[string]string{");
    boolean first = true;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      s.append(first ? "" : ", ").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
      first = false;
    }
    return s.append('}').toString();
  }

  private static String quote(String s) {
    return dev.capstan.api.FieldError.goQuote(s);
  }
}
