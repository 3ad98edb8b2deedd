package dev.capstan.server.structural;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * One position of a CRD's openAPIV3Schema as the custom resource handlers read it: the value validations
 * kube-openapi checks, and the structural facts pruning, defaulting and list-type validation use. Built once per
 * schema; immutable.
 *
 * <p>Formats upstream does not validate for CRDs ({@code int32}, {@code int64}, {@code float}, {@code double},
 * anything unknown) are dropped here, as upstream strips them before building its validator.
 */
final class Node {
  /** The formats upstream validates in custom resources, by their normalized name (dashes removed). */
  private static final Set<String> SUPPORTED_FORMATS = Set.of("bsonobjectid", "uri", "email", "hostname", "ipv4",
      "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4", "uuid5", "isbn", "isbn10", "isbn13", "creditcard", "ssn",
      "hexcolor", "rgbcolor", "byte", "password", "date", "duration", "datetime");

  /** The stated JSON types: one, none, or {@code integer,string} for x-kubernetes-int-or-string. */
  final List<String> types;
  final boolean nullable;
  /** The format as written ({@code date-time}), or null when absent or not validated for CRDs. */
  final String format;
  /** The format as written, validated for CRDs or not, or null. */
  final String declaredFormat;
  final Double maximum;
  final boolean exclusiveMaximum;
  final Double minimum;
  final boolean exclusiveMinimum;
  final Double multipleOf;
  final Long maxLength;
  final Long minLength;
  final String pattern;
  /** The compiled pattern, or null when absent; {@link #patternError} says why it did not compile. */
  final Pattern compiledPattern;
  final String patternError;
  final Long maxItems;
  final Long minItems;
  final boolean uniqueItems;
  final Long maxProperties;
  final Long minProperties;
  /** The allowed values, or null when the schema has no enum. */
  final List<JsonNode> enumValues;
  final List<String> required;
  /** The declared fields in the schema's order; empty when none. */
  final Map<String, Node> properties;
  /** The schema of undeclared keys, or null. */
  final Node additionalProperties;
  /** True for {@code additionalProperties: false}. */
  final boolean additionalPropertiesForbidden;
  final Node items;
  final List<Node> allOf;
  final List<Node> anyOf;
  final List<Node> oneOf;
  final Node not;
  final JsonNode defaultValue;
  final String description;
  final boolean preserveUnknownFields;
  final boolean embeddedResource;
  final boolean intOrString;
  /** {@code atomic}, {@code set}, {@code map}, or null when not stated. */
  final String listType;
  final List<String> listMapKeys;
  /** {@code atomic}, {@code granular}, or null when not stated. */
  final String mapType;

  private Node(JsonNode s) {
    this.intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
    String type = text(s, "type");
    this.types = intOrString ? List.of("integer", "string") : type == null ? List.of() : List.of(type);
    this.nullable = s.path("nullable").asBoolean(false);
    String f = text(s, "format");
    this.declaredFormat = f;
    this.format = f != null && SUPPORTED_FORMATS.contains(f.replace("-", "")) ? f : null;
    this.maximum = number(s, "maximum");
    this.exclusiveMaximum = s.path("exclusiveMaximum").asBoolean(false);
    this.minimum = number(s, "minimum");
    this.exclusiveMinimum = s.path("exclusiveMinimum").asBoolean(false);
    this.multipleOf = number(s, "multipleOf");
    this.maxLength = integer(s, "maxLength");
    this.minLength = integer(s, "minLength");
    this.pattern = text(s, "pattern");
    Pattern compiled = null;
    String error = null;
    if (pattern != null) {
      try {
        compiled = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        error = e.getDescription();
      }
    }
    this.compiledPattern = compiled;
    this.patternError = error;
    this.maxItems = integer(s, "maxItems");
    this.minItems = integer(s, "minItems");
    this.uniqueItems = s.path("uniqueItems").asBoolean(false);
    this.maxProperties = integer(s, "maxProperties");
    this.minProperties = integer(s, "minProperties");
    if (s.has("enum") && s.get("enum").isArray()) {
      List<JsonNode> values = new ArrayList<>();
      s.get("enum").forEach(values::add);
      this.enumValues = List.copyOf(values);
    } else {
      this.enumValues = null;
    }
    List<String> req = new ArrayList<>();
    s.path("required").forEach(r -> req.add(r.asString()));
    this.required = List.copyOf(req);
    Map<String, Node> props = new LinkedHashMap<>();
    s.path("properties").properties().forEach(e -> props.put(e.getKey(), new Node(e.getValue())));
    this.properties = Collections.unmodifiableMap(props);
    JsonNode ap = s.get("additionalProperties");
    this.additionalProperties = ap != null && ap.isObject() ? new Node(ap) : null;
    this.additionalPropertiesForbidden = ap != null && ap.isBoolean() && !ap.asBoolean();
    JsonNode it = s.get("items");
    this.items = it != null && it.isObject() ? new Node(it) : null;
    this.allOf = nodes(s, "allOf");
    this.anyOf = nodes(s, "anyOf");
    this.oneOf = nodes(s, "oneOf");
    this.not = s.has("not") && s.get("not").isObject() ? new Node(s.get("not")) : null;
    this.defaultValue = s.has("default") ? s.get("default") : null;
    this.description = text(s, "description");
    this.preserveUnknownFields = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    this.embeddedResource = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    this.listType = text(s, "x-kubernetes-list-type");
    List<String> keys = new ArrayList<>();
    s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asString()));
    this.listMapKeys = List.copyOf(keys);
    this.mapType = text(s, "x-kubernetes-map-type");
  }

  static Node parse(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException("an openAPIV3Schema must be a JSON object");
    }
    return new Node(schema);
  }

  /** The first stated type, or "" when none. */
  String type() {
    return intOrString || types.isEmpty() ? "" : types.get(0);
  }

  /** The node for the value of key {@code k} in an object of this node: its property, else additionalProperties. */
  Node child(String k) {
    Node p = properties.get(k);
    return p != null ? p : additionalProperties;
  }

  private static List<Node> nodes(JsonNode s, String field) {
    List<Node> out = new ArrayList<>();
    s.path(field).forEach(n -> out.add(new Node(n)));
    return List.copyOf(out);
  }

  private static String text(JsonNode s, String field) {
    JsonNode v = s.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }

  private static Double number(JsonNode s, String field) {
    JsonNode v = s.get(field);
    return v != null && v.isNumber() ? v.doubleValue() : null;
  }

  private static Long integer(JsonNode s, String field) {
    JsonNode v = s.get(field);
    return v != null && v.isNumber() ? v.longValue() : null;
  }
}
