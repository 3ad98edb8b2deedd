package dev.capstan.server.apply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One step of a field path: a field of an object ({@code f:name}), the item of a map list with these key values
 * ({@code k:{"name":"a"}}), the item of a set list with this value ({@code v:"a"}), or a position in a list
 * ({@code i:0}). Immutable; ordered as upstream orders them (fields, keys, values, indexes), so a field set
 * serializes byte for byte as upstream's does.
 */
public final class PathElement implements Comparable<PathElement> {
  enum Kind { FIELD, KEY, VALUE, INDEX }

  private final Kind kind;
  private final String name;
  private final List<Map.Entry<String, JsonNode>> key;
  private final JsonNode value;
  private final int index;

  private PathElement(Kind kind, String name, List<Map.Entry<String, JsonNode>> key, JsonNode value, int index) {
    this.kind = kind;
    this.name = name;
    this.key = key;
    this.value = value;
    this.index = index;
  }

  public static PathElement field(String name) {
    return new PathElement(Kind.FIELD, Objects.requireNonNull(name), null, null, 0);
  }

  /** The item of a map list whose key fields have these values (sorted by key name, as upstream keeps them). */
  public static PathElement key(Map<String, JsonNode> fields) {
    List<Map.Entry<String, JsonNode>> sorted = new ArrayList<>();
    fields.forEach((k, v) -> sorted.add(Map.entry(k, v.deepCopy())));
    sorted.sort(Map.Entry.comparingByKey());
    return new PathElement(Kind.KEY, null, List.copyOf(sorted), null, 0);
  }

  public static PathElement value(JsonNode v) {
    return new PathElement(Kind.VALUE, null, null, v.deepCopy(), 0);
  }

  public static PathElement index(int i) {
    return new PathElement(Kind.INDEX, null, null, null, i);
  }

  Kind kind() {
    return kind;
  }

  /** The field name of a FIELD element, else null. */
  public String fieldName() {
    return name;
  }

  /** The FieldsV1 spelling: {@code f:x}, {@code k:{...}}, {@code v:...} or {@code i:n}. */
  public String encode() {
    return switch (kind) {
      case FIELD -> "f:" + name;
      case KEY -> {
        ObjectNode o = Values.JSON.createObjectNode();
        key.forEach(e -> o.set(e.getKey(), e.getValue()));
        yield "k:" + Values.json(o);
      }
      case VALUE -> "v:" + Values.json(value);
      case INDEX -> "i:" + index;
    };
  }

  /** Reads one FieldsV1 key; {@link IllegalArgumentException} when it is none of the four forms. */
  public static PathElement decode(String s) {
    if (s.length() < 2 || s.charAt(1) != ':') {
      throw new IllegalArgumentException("unknown path element type: " + s);
    }
    String rest = s.substring(2);
    switch (s.charAt(0)) {
      case 'f':
        return field(rest);
      case 'k': {
        JsonNode o = Values.parse(rest);
        if (!o.isObject()) {
          throw new IllegalArgumentException("a key path element must be a JSON object: " + s);
        }
        Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
        o.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        return key(fields);
      }
      case 'v':
        return value(Values.parse(rest));
      case 'i':
        try {
          return index(Integer.parseInt(rest));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("an index path element must be a number: " + s);
        }
      default:
        throw new IllegalArgumentException("unknown path element type: " + s);
    }
  }

  /** As upstream prints a path in conflicts: {@code .name}, {@code [name="a",port=80]}, {@code [="a"]}, {@code [3]}. */
  @Override
  public String toString() {
    return switch (kind) {
      case FIELD -> "." + name;
      case KEY -> {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < key.size(); i++) {
          s.append(i == 0 ? "" : ",").append(key.get(i).getKey()).append('=').append(Values.print(key.get(i).getValue()));
        }
        yield s.append(']').toString();
      }
      case VALUE -> "[=" + Values.print(value) + "]";
      case INDEX -> "[" + index + "]";
    };
  }

  @Override
  public int compareTo(PathElement o) {
    if (kind != o.kind) {
      return Integer.compare(kind.ordinal(), o.kind.ordinal());
    }
    return switch (kind) {
      case FIELD -> name.compareTo(o.name);
      case KEY -> compareKeys(key, o.key);
      case VALUE -> Values.compare(value, o.value);
      case INDEX -> Integer.compare(index, o.index);
    };
  }

  private static int compareKeys(List<Map.Entry<String, JsonNode>> a, List<Map.Entry<String, JsonNode>> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = a.get(i).getKey().compareTo(b.get(i).getKey());
      if (c == 0) {
        c = Values.compare(a.get(i).getValue(), b.get(i).getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathElement p && compareTo(p) == 0;
  }

  @Override
  public int hashCode() {
    return switch (kind) {
      case FIELD -> name.hashCode();
      case INDEX -> index;
      default -> kind.hashCode(); // numbers of different widths are equal, so hash coarsely
    };
  }

  /** Prints a whole path as upstream does, e.g. {@code .spec.containers[name="a"].image}. */
  public static String print(List<PathElement> path) {
    StringBuilder s = new StringBuilder();
    path.forEach(s::append);
    return s.toString();
  }

  static final Comparator<PathElement> ORDER = Comparator.naturalOrder();
}
