package dev.capstan.server.structural;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's structural defaulting and the null pruning that precedes it. Both change the object in place.
 *
 * <p>Defaulting fills an absent field, or a null one that is not nullable, with a copy of its schema's default, then
 * descends into every field (a filled default is itself defaulted further); map values and list items that are
 * non-nullable nulls take the value schema's default too.
 */
final class Defaulter {
  private Defaulter() {}

  static void applyDefaults(JsonNode x, Node s) {
    if (s == null || x == null) {
      return;
    }
    if (x instanceof ObjectNode o) {
      for (Map.Entry<String, Node> p : s.properties.entrySet()) {
        Node prop = p.getValue();
        if (prop.defaultValue == null) {
          continue;
        }
        JsonNode current = o.get(p.getKey());
        if (current == null || nonNullableNull(current, prop)) {
          o.set(p.getKey(), prop.defaultValue.deepCopy());
        }
      }
      for (String k : keys(o)) {
        Node prop = s.properties.get(k);
        if (prop != null) {
          applyDefaults(o.get(k), prop);
        } else if (s.additionalProperties != null) {
          Node values = s.additionalProperties;
          if (nonNullableNull(o.get(k), values) && values.defaultValue != null) {
            o.set(k, values.defaultValue.deepCopy());
          }
          applyDefaults(o.get(k), values);
        }
      }
    } else if (x instanceof ArrayNode a && s.items != null) {
      for (int i = 0; i < a.size(); i++) {
        if (nonNullableNull(a.get(i), s.items) && s.items.defaultValue != null) {
          a.set(i, s.items.defaultValue.deepCopy());
        }
        applyDefaults(a.get(i), s.items);
      }
    }
  }

  /**
   * Removes fields holding null where the schema neither allows null nor has a default to replace it (a default
   * replaces it later). Nulls in lists stay; fields the schema does not know are kept for pruning to judge.
   */
  static void pruneNulls(JsonNode x, Node s) {
    if (x instanceof ObjectNode o) {
      for (String k : keys(o)) {
        Node field = s == null ? null : s.child(k);
        JsonNode v = o.get(k);
        if (v.isNull() && field != null && !field.nullable && field.defaultValue == null) {
          o.remove(k);
        } else {
          pruneNulls(v, field);
        }
      }
    } else if (x instanceof ArrayNode a) {
      Node items = s == null ? null : s.items;
      a.forEach(item -> pruneNulls(item, items));
    }
  }

  private static boolean nonNullableNull(JsonNode v, Node s) {
    return v != null && v.isNull() && !s.nullable;
  }

  private static List<String> keys(ObjectNode o) {
    List<String> keys = new ArrayList<>();
    o.propertyNames().forEach(keys::add);
    return keys;
  }
}
