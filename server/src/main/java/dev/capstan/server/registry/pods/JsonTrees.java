package dev.capstan.server.registry.pods;

import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Equality of JSON trees the way upstream compares decoded Go structs (apimachinery's semantic DeepEqual): an
 * absent field equals its zero value (null, "", 0, false, empty list or map), and numbers compare by value.
 */
public final class JsonTrees {
  private JsonTrees() {}

  public static boolean same(JsonNode a, JsonNode b) {
    if (zero(a) || zero(b)) {
      return zero(a) && zero(b);
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      Set<String> keys = new HashSet<>(a.propertyNames());
      keys.addAll(b.propertyNames());
      for (String k : keys) {
        if (!same(a.get(k), b.get(k))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static boolean zero(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return true;
    }
    if (n.isString()) {
      return n.asString().isEmpty();
    }
    if (n.isNumber()) {
      return n.decimalValue().signum() == 0;
    }
    if (n.isBoolean()) {
      return !n.asBoolean();
    }
    return (n.isArray() || n.isObject()) && n.isEmpty();
  }
}
