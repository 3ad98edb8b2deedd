package dev.capstan.server.structural;

import dev.capstan.server.patch.GoValues;
import dev.capstan.server.validation.FieldPaths;
import dev.capstan.api.FieldError;
import dev.capstan.server.registry.shared.Rules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's uniqueness rules for {@code x-kubernetes-list-type: set} (whole items) and {@code map} (the key
 * fields): each repeated value is reported once, at its second appearance, as {@code Duplicate value}. Paths are
 * field paths ({@code spec.ports[1]}, map keys in brackets).
 */
final class ListTypes {
  private ListTypes() {}

  static void validate(Node s, JsonNode object, String path, List<FieldError> out) {
    if (s == null || object == null || !object.isObject()) {
      return;
    }
    if (s.additionalProperties != null) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        walk(s.additionalProperties, e.getValue(), FieldPaths.key(path, e.getKey()), out);
      }
    }
    if (!s.properties.isEmpty()) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        Node sub = s.properties.get(e.getKey());
        if (sub != null) {
          walk(sub, e.getValue(), FieldPaths.child(path, e.getKey()), out);
        }
      }
    }
  }

  private static void walk(Node s, JsonNode v, String path, List<FieldError> out) {
    if (v == null) {
      return;
    }
    if (v.isArray()) {
      array(s, v, path, out);
    } else if (v.isObject()) {
      validate(s, v, path, out);
    }
  }

  private static void array(Node s, JsonNode list, String path, List<FieldError> out) {
    if ("set".equals(s.listType)) {
      for (int i : repeated(itemsOf(list))) {
        out.add(new FieldError(FieldError.Type.DUPLICATE, FieldPaths.index(path, i), GoText.badValue(list.get(i)), ""));
      }
    } else if ("map".equals(s.listType)) {
      map(s, list, path, out);
    }
    if (s.items != null) {
      for (int i = 0; i < list.size(); i++) {
        walk(s.items, list.get(i), FieldPaths.index(path, i), out);
      }
    }
  }

  private static void map(Node s, JsonNode list, String path, List<FieldError> out) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode x = list.get(i);
      if (!x.isNull() && !x.isObject()) {
        out.add(FieldError.invalid(FieldPaths.index(path, i), GoText.badValue(x),
            "must be an object for an array of list-type map"));
        return;
      }
    }
    if (list.size() <= 1) {
      return;
    }
    // An item's key: the key fields it has (a missing field and a null item both mean "unspecified").
    List<JsonNode> keys = new ArrayList<>();
    for (JsonNode x : list) {
      ObjectNode key = JsonNodeFactory.instance.objectNode();
      for (String field : s.listMapKeys) {
        if (x.isObject() && x.has(field)) {
          key.set(field, x.get(field));
        }
      }
      keys.add(key);
    }
    if (s.listMapKeys.size() == 1) {
      // With one key field upstream compares the bare key values, so an int64 1 and a float64 1 differ.
      String field = s.listMapKeys.get(0);
      List<JsonNode> bare = new ArrayList<>();
      keys.forEach(k -> bare.add(k.has(field) ? k.get(field) : null));
      for (int i : repeated(bare)) {
        out.add(new FieldError(FieldError.Type.DUPLICATE, FieldPaths.index(path, i),
            new Rules.GoLiteral(GoText.goSyntax(keys.get(i))), ""));
      }
      return;
    }
    for (int i : repeated(keys)) {
      out.add(new FieldError(FieldError.Type.DUPLICATE, FieldPaths.index(path, i),
          new Rules.GoLiteral(GoText.goSyntax(keys.get(i))), ""));
    }
  }

  private static List<JsonNode> itemsOf(JsonNode list) {
    List<JsonNode> items = new ArrayList<>();
    list.forEach(items::add);
    return items;
  }

  /**
   * The indexes where a value appears for the second time. Scalars compare as Go interface values (type and
   * value), compounds by their JSON text; a null entry stands for "unspecified".
   */
  private static List<Integer> repeated(List<JsonNode> values) {
    Map<String, Integer> seen = new HashMap<>();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      JsonNode v = values.get(i);
      String identity = v == null ? "unspecified" : GoValues.kind(v) + ":" + GoText.json(v);
      int times = seen.merge(identity, 1, Integer::sum);
      if (times == 2) {
        out.add(i);
      }
    }
    return out;
  }
}
