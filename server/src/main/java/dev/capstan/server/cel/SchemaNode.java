package dev.capstan.server.cel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The facts of one structural-schema node that CEL rules need: the JSON type and format, the size bounds the cost
 * estimate reads, list/map semantics for oldSelf correlation, and the node's own {@code x-kubernetes-validations}.
 * Read straight from the CRD's openAPIV3Schema JSON (the shared {@code Schema} model keeps no size bounds or rules).
 * Immutable once built.
 */
final class SchemaNode {

  /** One {@code x-kubernetes-validations} entry as written; absent strings are "", absent pointers null. */
  record Rule(String rule, String message, String messageExpression, String reason, String fieldPath,
      Boolean optionalOldSelf, boolean hasReason) {
  }

  final String type;
  final String format;
  final boolean intOrString;
  final boolean embeddedResource;
  final boolean preserveUnknownFields;
  final Map<String, SchemaNode> properties;
  final Set<String> required;
  final SchemaNode items;
  final SchemaNode additionalProperties;
  final Long maxItems;
  final Long maxLength;
  final Long maxProperties;
  final List<String> enumStrings;
  final boolean hasDefault;
  final String listType;
  final List<String> listMapKeys;
  final String mapType;
  final List<Rule> rules;
  /** True when this node or any node below it carries a rule. */
  final boolean hasRules;

  private SchemaNode(JsonNode s) {
    type = text(s, "type");
    format = text(s, "format");
    intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
    embeddedResource = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    preserveUnknownFields = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    Map<String, SchemaNode> props = new LinkedHashMap<>();
    JsonNode p = s.path("properties");
    if (p.isObject()) {
      for (Map.Entry<String, JsonNode> e : p.properties()) {
        props.put(e.getKey(), new SchemaNode(e.getValue()));
      }
    }
    properties = props;
    Set<String> req = new LinkedHashSet<>();
    s.path("required").forEach(r -> req.add(r.asString()));
    required = req;
    items = s.path("items").isObject() ? new SchemaNode(s.path("items")) : null;
    additionalProperties = s.path("additionalProperties").isObject()
        ? new SchemaNode(s.path("additionalProperties")) : null;
    maxItems = number(s, "maxItems");
    maxLength = number(s, "maxLength");
    maxProperties = number(s, "maxProperties");
    List<String> en = new ArrayList<>();
    s.path("enum").forEach(v -> en.add(v.isString() ? v.asString() : v.toString()));
    enumStrings = en;
    hasDefault = s.has("default");
    listType = s.has("x-kubernetes-list-type") ? text(s, "x-kubernetes-list-type") : null;
    List<String> keys = new ArrayList<>();
    s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asString()));
    listMapKeys = keys;
    mapType = s.has("x-kubernetes-map-type") ? text(s, "x-kubernetes-map-type") : null;
    List<Rule> rs = new ArrayList<>();
    for (JsonNode r : s.path("x-kubernetes-validations")) {
      JsonNode oos = r.path("optionalOldSelf");
      rs.add(new Rule(text(r, "rule"), text(r, "message"), text(r, "messageExpression"), text(r, "reason"),
          text(r, "fieldPath"), oos.isBoolean() ? oos.asBoolean() : null, r.has("reason") && !r.get("reason").isNull()));
    }
    rules = rs;
    boolean below = !rs.isEmpty()
        || (items != null && items.hasRules)
        || (additionalProperties != null && additionalProperties.hasRules);
    for (SchemaNode child : props.values()) {
      below |= child.hasRules;
    }
    hasRules = below;
  }

  static SchemaNode of(JsonNode openApiV3Schema) {
    return new SchemaNode(openApiV3Schema == null ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        : openApiV3Schema);
  }

  /** The type name a rule's error shows as its value: the schema's {@code type}, "" when unset. */
  String typeName() {
    return type;
  }

  /** Upstream correlates old and new map entries for granular and atomic maps (every map type it knows). */
  boolean mapCorrelatable() {
    return mapType == null || mapType.equals("granular") || mapType.equals("atomic");
  }

  private static String text(JsonNode s, String field) {
    JsonNode v = s.path(field);
    return v.isString() ? v.asString() : "";
  }

  private static Long number(JsonNode s, String field) {
    JsonNode v = s.path(field);
    return v.isNumber() ? v.asLong() : null;
  }
}
