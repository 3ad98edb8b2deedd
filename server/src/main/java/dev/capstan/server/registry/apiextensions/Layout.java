package dev.capstan.server.registry.apiextensions;

import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Where upstream sees a v1 CRD's per-version parts after converting it to its internal form: each of schema,
 * subresources, printer columns and selectable fields moves to the top level when all versions carry the same one
 * (including none), and stays per version otherwise. Error paths follow from that.
 *
 * @param validation the shared {@code {"openAPIV3Schema": ...}}, or null
 * @param subresources the shared subresources, or null
 * @param columns the shared additionalPrinterColumns, or null
 * @param selectableFields the shared selectableFields, or null
 */
record Layout(JsonNode versions, boolean schemaShared, JsonNode validation, boolean subresourcesShared,
    JsonNode subresources, boolean columnsShared, JsonNode columns, boolean selectableShared,
    JsonNode selectableFields) {

  static Layout of(JsonNode spec) {
    JsonNode versions = spec.path("versions");
    boolean schema = identical(versions, "schema");
    boolean subresources = identical(versions, "subresources");
    boolean columns = identical(versions, "additionalPrinterColumns");
    boolean selectable = identical(versions, "selectableFields");
    return new Layout(versions, schema, schema ? part(versions.get(0), "schema") : null, subresources,
        subresources ? part(versions.get(0), "subresources") : null, columns,
        columns ? part(versions.get(0), "additionalPrinterColumns") : null, selectable,
        selectable ? part(versions.get(0), "selectableFields") : null);
  }

  /** A version's part, null when absent; empty lists count as absent, as Go's semantic equality has it. */
  static JsonNode part(JsonNode version, String name) {
    JsonNode n = version == null ? null : version.get(name);
    if (n == null || n.isNull() || (n.isArray() && n.isEmpty())) {
      return null;
    }
    return n;
  }

  private static boolean identical(JsonNode versions, String name) {
    if (versions.isEmpty()) {
      return false;
    }
    JsonNode first = part(versions.get(0), name);
    for (JsonNode v : versions) {
      JsonNode p = part(v, name);
      if (first == null ? p != null : !first.equals(p)) {
        return false;
      }
    }
    return true;
  }

  /** The subresources that apply to version {@code i}. */
  JsonNode subresourcesOf(int i) {
    return subresourcesShared ? subresources : part(versions.get(i), "subresources");
  }

  static boolean statusEnabled(JsonNode subresources) {
    return subresources != null && subresources.has("status") && !subresources.get("status").isNull();
  }

  boolean anyStatusEnabled() {
    if (statusEnabled(subresources)) {
      return true;
    }
    for (JsonNode v : versions) {
      if (statusEnabled(part(v, "subresources"))) {
        return true;
      }
    }
    return false;
  }

  /** The openAPIV3Schema that applies to version {@code i}, or null. */
  JsonNode schemaOf(int i) {
    JsonNode validation = schemaShared ? this.validation : part(versions.get(i), "schema");
    JsonNode schema = validation == null ? null : validation.get("openAPIV3Schema");
    return schema != null && schema.isObject() ? schema : null;
  }

  /** Whether any node of any version's schema satisfies {@code test}. */
  boolean anySchema(Predicate<JsonNode> test) {
    for (JsonNode v : versions) {
      if (SchemaRules.any(v.path("schema").get("openAPIV3Schema"), test)) {
        return true;
      }
    }
    return false;
  }
}
