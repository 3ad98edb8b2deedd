package dev.capstan.server.cel;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule's {@code fieldPath}: a JSONPath of field and map-key steps ({@code .spec.x}, {@code .spec['a.b']},
 * {@code .labels['k']}) that must exist in the schema below the rule's node. Normalized the way upstream reports
 * it: fields joined by dots, map keys in brackets ({@code spec.labels[k]}).
 */
final class RuleFieldPath {
  private RuleFieldPath() {
  }

  /** The normalized path, or null when {@code path} is not a valid path for {@code schema}. */
  static String normalize(String path, SchemaNode schema) {
    List<String> tokens = tokens(path);
    if (tokens == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    SchemaNode at = schema;
    int i = 0;
    while (i < tokens.size()) {
      String t = tokens.get(i++);
      String name;
      if (t.equals("[")) {
        if (i + 1 >= tokens.size() || !tokens.get(i + 1).equals("]")) {
          return null;
        }
        String quoted = tokens.get(i);
        i += 2;
        if (quoted.length() < 2 || quoted.charAt(0) != '\'' || quoted.charAt(quoted.length() - 1) != '\'') {
          return null;
        }
        name = unescape(quoted.substring(1, quoted.length() - 1));
        if (name == null) {
          return null;
        }
      } else if (t.equals(".")) {
        if (i >= tokens.size()) {
          return null;
        }
        name = tokens.get(i++);
      } else {
        return null;
      }
      if (!at.properties.isEmpty()) {
        SchemaNode next = at.properties.get(name);
        if (next == null) {
          return null;
        }
        out.append(out.length() == 0 ? "" : ".").append(name);
        at = next;
      } else if (at.additionalProperties != null) {
        out.append('[').append(name).append(']');
        at = at.additionalProperties;
      } else {
        return null;
      }
    }
    return out.toString();
  }

  /** Splits on {@code .}, {@code [} and {@code ]} (each its own token), keeping single-quoted strings whole. */
  private static List<String> tokens(String path) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.' || c == '[' || c == ']') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '\'') {
        int j = i + 1;
        while (j < path.length() && !(path.charAt(j) == '\'' && path.charAt(j - 1) != '\\')) {
          j++;
        }
        if (j >= path.length()) {
          return null;
        }
        out.add(path.substring(i, j + 1));
        i = j + 1;
      } else {
        int j = i;
        while (j < path.length() && ".[]".indexOf(path.charAt(j)) < 0) {
          j++;
        }
        out.add(path.substring(i, j));
        i = j;
      }
    }
    return out;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i >= s.length()) {
        return null;
      }
      switch (s.charAt(i)) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\'' -> out.append('\'');
        case '\\' -> out.append('\\');
        default -> {
          return null;
        }
      }
    }
    return out.toString();
  }
}
