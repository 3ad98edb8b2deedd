package dev.capstan.server.validation;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * JSON type checks for the fields a kind declares, reported as upstream's decoder reports a body that does not
 * fit the Go types: {@code ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal
 * number into Go struct field ConfigMap.data of type string}. Absent and null fields pass.
 */
public final class TypeChecks {
  private final KubeObject object;
  private final String kind;
  private final String version;

  private TypeChecks(KubeObject object, String kind, String apiVersion) {
    this.object = object;
    this.kind = kind;
    // Upstream names the version alone here: Deployment in version "v1", not "apps/v1".
    this.version = apiVersion.substring(apiVersion.indexOf('/') + 1);
  }

  /** Starts checking {@code object}; {@link #objectMeta()} is checked for every kind. */
  public static TypeChecks of(KubeObject object, String kind, String apiVersion) {
    return new TypeChecks(object, kind, apiVersion).objectMeta();
  }

  private TypeChecks objectMeta() {
    JsonNode meta = object.node().get("metadata");
    objectAt(meta, kind + ".metadata", "v1.ObjectMeta");
    if (meta == null || !meta.isObject()) {
      return this;
    }
    for (String f : new String[] {"name", "generateName", "namespace", "uid", "resourceVersion",
        "creationTimestamp", "deletionTimestamp"}) {
      stringAt(meta.get(f), "ObjectMeta.metadata." + f, f.endsWith("Timestamp") ? "v1.Time" : "string");
    }
    stringMapAt(meta.get("labels"), "ObjectMeta.metadata.labels");
    stringMapAt(meta.get("annotations"), "ObjectMeta.metadata.annotations");
    stringListAt(meta.get("finalizers"), "ObjectMeta.metadata.finalizers");
    return this;
  }

  /** A top-level field holding a map of strings, e.g. ConfigMap {@code data}. */
  public TypeChecks stringMap(String field) {
    stringMapAt(object.node().get(field), kind + "." + field);
    return this;
  }

  public TypeChecks string(String field) {
    stringAt(object.node().get(field), kind + "." + field, "string");
    return this;
  }

  public TypeChecks bool(String field) {
    JsonNode v = object.node().get(field);
    if (v != null && !v.isNull() && !v.isBoolean()) {
      throw mismatch(v, kind + "." + field, "bool");
    }
    return this;
  }

  /** A top-level list whose items must be objects, e.g. Role {@code rules}. */
  public TypeChecks objectList(String field, String goType) {
    JsonNode v = object.node().get(field);
    if (v == null || v.isNull()) {
      return this;
    }
    if (!v.isArray()) {
      throw mismatch(v, kind + "." + field, goType);
    }
    for (JsonNode item : v) {
      if (!item.isObject()) {
        throw mismatch(item, kind + "." + field, goType.substring(2));
      }
    }
    return this;
  }

  /** A nested list of strings, e.g. Namespace {@code spec.finalizers} ({@code struct} names the Go struct). */
  public TypeChecks stringList(String struct, String... path) {
    JsonNode n = object.node();
    for (int i = 0; i < path.length - 1; i++) {
      n = step(n, path[i]);
      if (n == null || (!n.isObject() && !n.isArray())) {
        if (n != null && !n.isNull()) {
          throw mismatch(n, kind + "." + path[i], "v1." + struct);
        }
        return this;
      }
    }
    stringListAt(step(n, path[path.length - 1]), struct + "." + goPath(path));
    return this;
  }

  /**
   * A nested field by path, e.g. {@code ("LeaseSpec", "int32", "spec", "leaseDurationSeconds")}; the enclosing
   * objects must be objects (named {@code v1.<struct>}). {@code goType} is {@code string}, {@code int32},
   * {@code int64}, {@code bool} or {@code v1.MicroTime}/{@code v1.Time} (strings).
   */
  public TypeChecks nested(String struct, String goType, String... path) {
    JsonNode n = object.node();
    for (int i = 0; i < path.length - 1; i++) {
      n = step(n, path[i]);
      if (n == null || n.isNull()) {
        return this;
      }
      if (!n.isObject() && !n.isArray()) {
        throw mismatch(n, kind + "." + path[i], "v1." + struct);
      }
    }
    JsonNode v = step(n, path[path.length - 1]);
    if (v == null || v.isNull()) {
      return this;
    }
    boolean ok = switch (goType) {
      case "int32", "int64" -> v.isIntegralNumber();
      case "bool" -> v.isBoolean();
      default -> v.isString();
    };
    if (!ok) {
      throw mismatch(v, struct + "." + goPath(path), goType);
    }
    return this;
  }

  /** One step down a path: a property of an object, or a numbered item of an array. */
  private static JsonNode step(JsonNode n, String segment) {
    return n.isArray() && segment.chars().allMatch(Character::isDigit) ? n.get(Integer.parseInt(segment))
        : n.get(segment);
  }

  /** Go's JSON errors name the field path without list indices: rules.verbs, not rules.0.verbs. */
  private static String goPath(String... path) {
    StringBuilder out = new StringBuilder();
    for (String p : path) {
      if (!p.chars().allMatch(Character::isDigit)) {
        out.append(out.length() == 0 ? "" : ".").append(p);
      }
    }
    return out.toString();
  }

  private void objectAt(JsonNode v, String field, String goType) {
    if (v != null && !v.isNull() && !v.isObject()) {
      throw mismatch(v, field, goType);
    }
  }

  private void stringAt(JsonNode v, String field, String goType) {
    if (v != null && !v.isNull() && !v.isString()) {
      throw mismatch(v, field, goType);
    }
  }

  private void stringMapAt(JsonNode v, String field) {
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isObject()) {
      throw mismatch(v, field, "map[string]string");
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isString() && !e.getValue().isNull()) {
        throw mismatch(e.getValue(), field, "string");
      }
    }
  }

  private void stringListAt(JsonNode v, String field) {
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isArray()) {
      throw mismatch(v, field, "[]string");
    }
    for (JsonNode item : v) {
      if (!item.isString()) {
        throw mismatch(item, field, "string");
      }
    }
  }

  private ApiException mismatch(JsonNode value, String field, String goType) {
    return ApiException.badRequest(kind + " in version \"" + version + "\" cannot be handled as a " + kind
        + ": json: cannot unmarshal " + jsonType(value) + " into Go struct field " + field + " of type " + goType);
  }

  private static String jsonType(JsonNode v) {
    if (v.isObject()) {
      return "object";
    }
    if (v.isArray()) {
      return "array";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "bool";
    }
    return "string";
  }
}
