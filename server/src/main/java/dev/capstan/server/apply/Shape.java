package dev.capstan.server.apply;

import dev.capstan.server.schema.Schema;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How apply treats one position: a scalar, a struct (declared fields), a map (any keys), or a list, each atomic or
 * granular. A position without a schema (no model for the kind, or free-form {@code x-kubernetes-preserve-unknown-
 * fields}) is deduced from its value as upstream's deduced type does: objects are granular maps, lists are atomic.
 */
record Shape(Kind kind, boolean atomic, Schema schema, List<String> keys, boolean associative) {
  enum Kind { SCALAR, STRUCT, MAP, LIST }

  static Shape of(Schema s, JsonNode value) {
    if (s == null || s.type() == Schema.Type.ANY) {
      if (value != null && value.isObject()) {
        return new Shape(Kind.MAP, false, null, List.of(), false);
      }
      if (value != null && value.isArray()) {
        return new Shape(Kind.LIST, true, null, List.of(), false);
      }
      return new Shape(Kind.SCALAR, true, null, List.of(), false);
    }
    return switch (s.type()) {
      case OBJECT -> new Shape(Kind.STRUCT, s.atomic(), s, List.of(), false);
      case MAP -> new Shape(Kind.MAP, s.atomic(), s, List.of(), false);
      case LIST -> list(s);
      default -> new Shape(Kind.SCALAR, true, s, List.of(), false);
    };
  }

  /**
   * An explicit list type wins; without one, a strategic {@code merge} list is associative on its merge key (or a
   * set when it has none), as upstream's OpenAPI conversion makes it; anything else is atomic.
   */
  private static Shape list(Schema s) {
    switch (s.listTypeDeclared() ? s.listType() : Schema.ListType.ATOMIC) {
      case MAP:
        return new Shape(Kind.LIST, false, s, s.listMapKeys(), true);
      case SET:
        return new Shape(Kind.LIST, false, s, List.of(), true);
      default:
        String strategy = s.patchStrategy();
        if (!s.listTypeDeclared() && strategy != null && strategy.contains("merge")) {
          String key = s.patchMergeKey();
          return new Shape(Kind.LIST, false, s, key == null ? List.of() : List.of(key), true);
        }
        return new Shape(Kind.LIST, true, s, List.of(), false);
    }
  }

  /** The schema of field {@code name} of a struct or map (null: deduced from the value). */
  Schema field(String name) {
    if (schema == null) {
      return null;
    }
    return kind == Kind.STRUCT ? schema.property(name) : schema.values();
  }

  /** True when {@code name} is a declared field of a struct (its presence alone is not ownership). */
  boolean declares(String name) {
    return kind == Kind.STRUCT && schema.property(name) != null;
  }

  Schema items() {
    return schema == null ? null : schema.items();
  }

  /** True when the value's JSON kind is the one this shape walks into; a mismatch is handled as a leaf. */
  boolean fits(JsonNode v) {
    return switch (kind) {
      case STRUCT, MAP -> v.isObject();
      case LIST -> v.isArray();
      case SCALAR -> true;
    };
  }
}
