package dev.capstan.server.registry.apiextensions;

import dev.capstan.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The two JSON path forms a CRD uses: the simple dotted paths of printer columns and scale, and the schema-checked paths of selectable fields and
 * rule field paths.
 */
final class Paths {
  private Paths() {}

  /**
   * Upstream's check of printer-column and scale paths: it must start with a dot. The lead engineer wires the full
   * JSONPath parser for printing; this is only the shape the API accepts.
   */
  static List<FieldError> simpleJsonPath(String s, String path) {
    if (s.isEmpty()) {
      return List.of(FieldError.invalid(path, s, "must not be empty"));
    }
    if (s.charAt(0) != '.') {
      return List.of(FieldError.invalid(path, s, "must be a simple json path starting with ."));
    }
    return List.of();
  }

  /** Where a schema-checked path leads: its printed form, its first field and the schema found there. */
  record Found(String path, String root, JsonNode schema) {}

  /**
   * Follows {@code jsonPath} ({@code .a.b}, or {@code ['a']} when {@code allowBrackets}) through the schema's
   * properties and additionalProperties, as upstream's field path check for CEL does.
   *
   * @throws IllegalArgumentException with upstream's reason when the path is malformed or leaves the schema
   */
  static Found follow(String jsonPath, JsonNode schema, boolean allowBrackets) {
    List<String> tokens = tokens(jsonPath);
    StringBuilder printed = new StringBuilder();
    String root = null;
    JsonNode current = schema;
    for (int i = 0; i < tokens.size(); i++) {
      String tok = tokens.get(i);
      String name;
      if (tok.equals("[")) {
        if (!allowBrackets) {
          throw new IllegalArgumentException("array notation is not allowed");
        }
        if (++i >= tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        tok = tokens.get(i);
        if (tok.length() < 2 || tok.charAt(0) != '\'' || tok.charAt(tok.length() - 1) != '\'') {
          throw new IllegalArgumentException("expected single quoted string but got " + tok);
        }
        name = unescape(tok.substring(1, tok.length() - 1));
        if (++i >= tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        if (!tokens.get(i).equals("]")) {
          throw new IllegalArgumentException("expected ] but got " + tokens.get(i));
        }
      } else if (tok.equals(".")) {
        if (++i >= tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        name = tokens.get(i);
      } else {
        throw new IllegalArgumentException("expected [ or . but got: " + tok);
      }
      JsonNode properties = current == null ? null : current.get("properties");
      JsonNode additional = current == null ? null : current.get("additionalProperties");
      if (properties != null && properties.isObject()) {
        printed.append(printed.isEmpty() ? "" : ".").append(name);
        current = properties.get(name);
        if (current == null) {
          throw new IllegalArgumentException("does not refer to a valid field");
        }
      } else if (additional != null && !additional.isNull()) {
        printed.append('[').append(name).append(']');
        current = additional.isObject() ? additional : null;
      } else {
        throw new IllegalArgumentException("does not refer to a valid field");
      }
      if (root == null) {
        root = name;
      }
    }
    return new Found(printed.toString(), root == null ? "" : root, current);
  }

  /** Splits at '.', '[' and ']' (each its own token), keeping single-quoted strings whole. */
  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '.' || c == '[' || c == ']') {
        out.add(String.valueOf(c));
        i++;
        continue;
      }
      int end = i;
      if (c == '\'') {
        end = i + 1;
        while (end < s.length() && !(s.charAt(end) == '\'' && s.charAt(end - 1) != '\\')) {
          end++;
        }
        end = Math.min(end + 1, s.length());
      } else {
        while (end < s.length() && ".[]".indexOf(s.charAt(end)) < 0) {
          end++;
        }
      }
      out.add(s.substring(i, end));
      i = end;
    }
    return out;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\'' -> out.append('\'');
        case '\\' -> out.append('\\');
        default -> throw new IllegalArgumentException("invalid string literal: invalid escape char \\" + e);
      }
    }
    return out.toString();
  }
}
