package dev.capstan.server.structural;

import dev.capstan.server.patch.GoValues;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Equality of decoded values the way upstream's Go code compares them. */
final class Values {
  private Values() {}

  /** {@code reflect.DeepEqual} of two decoded values: an int64 never equals a float64, maps compare by key. */
  static boolean deepEqual(JsonNode a, JsonNode b) {
    GoValues.Kind ka = GoValues.kind(a);
    if (ka != GoValues.kind(b)) {
      return false;
    }
    return switch (ka) {
      case NIL -> true;
      case INT -> a.longValue() == b.longValue();
      case FLOAT -> a.doubleValue() == b.doubleValue();
      case BOOL -> a.booleanValue() == b.booleanValue();
      case STRING -> a.asString().equals(b.asString());
      case SLICE -> {
        if (a.size() != b.size()) {
          yield false;
        }
        for (int i = 0; i < a.size(); i++) {
          if (!deepEqual(a.get(i), b.get(i))) {
            yield false;
          }
        }
        yield true;
      }
      case MAP -> {
        if (a.size() != b.size()) {
          yield false;
        }
        Iterator<Map.Entry<String, JsonNode>> it = a.properties().iterator();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode other = b.get(e.getKey());
          if (other == null || !deepEqual(e.getValue(), other)) {
            yield false;
          }
        }
        yield true;
      }
    };
  }

  /**
   * kube-openapi's enum test: equal, or equal once the value is converted to the allowed value's Go type (so an
   * int64 matches a float64 of the same value, and a float64 matches an int64 after truncation).
   */
  static boolean enumMatches(JsonNode value, JsonNode allowed) {
    if (deepEqual(value, allowed)) {
      return true;
    }
    GoValues.Kind kv = GoValues.kind(value);
    GoValues.Kind ka = GoValues.kind(allowed);
    if (kv == GoValues.Kind.INT && ka == GoValues.Kind.FLOAT) {
      return (double) value.longValue() == allowed.doubleValue();
    }
    if (kv == GoValues.Kind.FLOAT && ka == GoValues.Kind.INT) {
      return (long) value.doubleValue() == allowed.longValue();
    }
    return false;
  }
}
