package dev.capstan.server.apply;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON values as structured-merge-diff sees them: numbers equal by value whatever their Java width, a total order
 * across kinds (numbers, strings, booleans, lists, maps, null), and the compact JSON that FieldsV1 keys embed.
 */
final class Values {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private Values() {}

  static boolean equal(JsonNode a, JsonNode b) {
    return compare(a, b) == 0;
  }

  /** Upstream's ordering: numbers (by value), then strings, booleans, lists, maps, and null last. */
  static int compare(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    switch (ra) {
      case 0:
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
          return a.bigIntegerValue().compareTo(b.bigIntegerValue());
        }
        return Double.compare(a.asDouble(), b.asDouble());
      case 1:
        return a.asString().compareTo(b.asString());
      case 2:
        return Boolean.compare(a.asBoolean(), b.asBoolean());
      case 3: {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
          int c = compare(a.get(i), b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      }
      case 4: {
        // Maps compare as their sorted entries, key first.
        List<Map.Entry<String, JsonNode>> x = sorted(a);
        List<Map.Entry<String, JsonNode>> y = sorted(b);
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
          int c = x.get(i).getKey().compareTo(y.get(i).getKey());
          if (c == 0) {
            c = compare(x.get(i).getValue(), y.get(i).getValue());
          }
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.size(), y.size());
      }
      default:
        return 0;
    }
  }

  private static int rank(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return 5;
    }
    if (v.isNumber()) {
      return 0;
    }
    if (v.isString()) {
      return 1;
    }
    if (v.isBoolean()) {
      return 2;
    }
    if (v.isArray()) {
      return 3;
    }
    return 4;
  }

  private static List<Map.Entry<String, JsonNode>> sorted(JsonNode map) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>(map.properties());
    out.sort(Map.Entry.comparingByKey());
    return out;
  }

  /** Compact JSON with object keys sorted, as upstream writes a value into a path element. */
  static String json(JsonNode v) {
    if (v.isObject()) {
      StringBuilder s = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> it = sorted(v).iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        s.append(JSON.writeValueAsString(e.getKey())).append(':').append(json(e.getValue()));
        if (it.hasNext()) {
          s.append(',');
        }
      }
      return s.append('}').toString();
    }
    if (v.isArray()) {
      StringBuilder s = new StringBuilder("[");
      for (int i = 0; i < v.size(); i++) {
        s.append(i == 0 ? "" : ",").append(json(v.get(i)));
      }
      return s.append(']').toString();
    }
    return JSON.writeValueAsString(v);
  }

  /** A value as upstream prints it in a path: strings quoted as Go's %q, anything else as its JSON. */
  static String print(JsonNode v) {
    if (v.isString()) {
      return dev.capstan.api.FieldError.goQuote(v.asString());
    }
    return json(v);
  }

  static JsonNode parse(String json) {
    return JSON.readTree(json);
  }
}
