package dev.capstan.server.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads an OpenAPI v3 schema with Kubernetes' extensions ({@code x-kubernetes-list-type}, {@code
 * x-kubernetes-list-map-keys}, {@code x-kubernetes-patch-strategy}, {@code x-kubernetes-patch-merge-key},
 * {@code x-kubernetes-map-type}, {@code x-kubernetes-int-or-string}, {@code x-kubernetes-preserve-unknown-fields})
 * into a {@link Schema}. Serves custom resources (a CRD's {@code openAPIV3Schema}) and tests that state a
 * shape the way upstream publishes it.
 */
public final class OpenApiSchemas {
  private static final String REF_PREFIX = "#/components/schemas/";

  private final Map<String, JsonNode> components;
  private final Map<String, Schema> named = new HashMap<>();

  private OpenApiSchemas(Map<String, JsonNode> components) {
    this.components = components;
  }

  /** The node for {@code schema}, which has no references. */
  public static Schema parse(JsonNode schema) {
    return parse(schema, Map.of());
  }

  /** The node for {@code schema}, resolving {@code $ref}s to {@code #/components/schemas/<name>} in {@code components}. */
  public static Schema parse(JsonNode schema, Map<String, JsonNode> components) {
    return new OpenApiSchemas(components).node(schema);
  }

  private Schema node(JsonNode s) {
    JsonNode target = referenced(s);
    if (target != s) {
      String name = refName(s);
      Schema base = named(name, target);
      return withTags(base.toBuilder(), s).description(text(s, "description", base.description())).build();
    }
    return withTags(plain(s, null), s).build();
  }

  private Schema named(String name, JsonNode s) {
    Schema known = named.get(name);
    if (known == null) {
      known = withTags(plain(s, name), s).build();
      named.put(name, known);
    }
    return known;
  }

  /** The schema {@code s} points to through {@code $ref} or a single-element {@code allOf}, else {@code s}. */
  private JsonNode referenced(JsonNode s) {
    String name = refName(s);
    if (name == null) {
      return s;
    }
    JsonNode target = components.get(name);
    if (target == null) {
      throw new IllegalArgumentException("unresolved reference " + name);
    }
    return target;
  }

  private static String refName(JsonNode s) {
    JsonNode ref = s.get("$ref");
    if (ref == null && s.path("allOf").size() == 1) {
      ref = s.path("allOf").get(0).get("$ref");
    }
    if (ref == null) {
      return null;
    }
    String r = ref.asString();
    return r.startsWith(REF_PREFIX) ? r.substring(REF_PREFIX.length()) : r;
  }

  private Schema.Builder plain(JsonNode s, String definition) {
    String type = text(s, "type", "");
    Schema.Builder b;
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      b = Schema.builder(Schema.Type.INT_OR_STRING);
    } else if (type.equals("array")) {
      b = Schema.builder(Schema.Type.LIST).items(s.has("items") ? node(s.get("items"))
          : Schema.builder(Schema.Type.ANY).build());
    } else if (s.has("properties")) {
      JsonNode props = s.get("properties");
      Set<String> required = new HashSet<>();
      s.path("required").forEach(r -> required.add(r.asString()));
      b = Schema.builder(Schema.Type.OBJECT).properties(() -> {
        Map<String, Schema> fields = new LinkedHashMap<>();
        props.properties().forEach(e -> fields.put(e.getKey(), node(e.getValue())));
        return fields;
      }, required);
    } else if (s.has("additionalProperties") && s.get("additionalProperties").isObject()) {
      b = Schema.builder(Schema.Type.MAP).values(node(s.get("additionalProperties")));
    } else {
      b = Schema.builder(switch (type) {
        case "string" -> Schema.Type.STRING;
        case "integer" -> Schema.Type.INTEGER;
        case "number" -> Schema.Type.NUMBER;
        case "boolean" -> Schema.Type.BOOLEAN;
        case "object" -> s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
            ? Schema.Type.ANY : Schema.Type.MAP;
        default -> Schema.Type.ANY;
      });
      if (b.build().type() == Schema.Type.MAP) {
        b.values(Schema.builder(Schema.Type.ANY).build());
      }
    }
    return b.definition(definition).format(text(s, "format", null)).description(text(s, "description", ""))
        .preserveUnknownFields(s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false));
  }

  /** The tags a position adds to its type. */
  private static Schema.Builder withTags(Schema.Builder b, JsonNode s) {
    if (s.has("x-kubernetes-list-type")) {
      List<String> keys = new ArrayList<>();
      s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asString()));
      b.listType(switch (s.get("x-kubernetes-list-type").asString()) {
        case "set" -> Schema.ListType.SET;
        case "map" -> Schema.ListType.MAP;
        default -> Schema.ListType.ATOMIC;
      }, keys);
    }
    if (s.has("default")) {
      b.defaultValue(s.get("default"));
    }
    if (s.has("x-kubernetes-patch-strategy") || s.has("x-kubernetes-patch-merge-key")) {
      b.patch(text(s, "x-kubernetes-patch-strategy", null), text(s, "x-kubernetes-patch-merge-key", null));
    }
    if (s.has("x-kubernetes-map-type")) {
      b.atomic(s.get("x-kubernetes-map-type").asString().equals("atomic"));
    }
    return b;
  }

  private static String text(JsonNode s, String field, String fallback) {
    JsonNode v = s.get(field);
    return v == null || v.isNull() ? fallback : v.asString();
  }
}
