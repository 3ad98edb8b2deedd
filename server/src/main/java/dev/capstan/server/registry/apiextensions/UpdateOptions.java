package dev.capstan.server.registry.apiextensions;

import dev.capstan.api.KubeObject;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The rules an update is held to, derived from the stored CRD: a check that the stored CRD already fails is not
 * applied, so that an object accepted by an older server can still be updated (upstream's ratcheting of CRD
 * validation). Names become immutable once the CRD is Established, i.e. once custom resources may exist.
 */
final class UpdateOptions {
  private UpdateOptions() {}

  static CrdValidation.Options from(KubeObject old) {
    JsonNode spec = old.node().path("spec");
    Layout layout = Layout.of(spec);
    boolean allSchemas = true;
    for (JsonNode v : spec.path("versions")) {
      allSchemas &= v.path("schema").path("openAPIV3Schema").isObject();
    }
    boolean invalidTypes = layout.anySchema(s -> {
      String type = s.path("type").asString("");
      return !type.isEmpty() && !Set.of("string", "number", "integer", "boolean", "array", "object").contains(type);
    });
    boolean nonStructural = false;
    boolean unprunedDefaults = false;
    Set<String> rules = new HashSet<>();
    for (JsonNode v : spec.path("versions")) {
      JsonNode schema = v.path("schema").get("openAPIV3Schema");
      if (schema == null || !schema.isObject()) {
        continue;
      }
      boolean structural = StructuralRules.unsupported(schema) == null
          && StructuralRules.validate(schema, "").isEmpty();
      nonStructural |= !structural;
      unprunedDefaults |= structural && !StructuralRules.defaults(schema, "", true, SchemaHooks.NONE).isEmpty();
      SchemaRules.any(schema, s -> {
        s.path("x-kubernetes-validations").forEach(r -> rules.add(r.path("rule").asString("")));
        return false;
      });
    }
    boolean nonAtomicSet = layout.anySchema(UpdateOptions::nonAtomicSet);
    boolean badMapListKeys = layout.anySchema(s -> !SchemaRules.mapListKeysMapSet(s, "").isEmpty());
    SchemaRules.Options schema = new SchemaRules.Options(!invalidTypes, !nonStructural, !unprunedDefaults,
        !nonAtomicSet, !badMapListKeys, Set.copyOf(rules));
    JsonNode conversion = spec.path("conversion");
    boolean established = established(old);
    String oldCa = conversion.path("webhook").path("clientConfig").path("caBundle").asString("");
    boolean allowInvalidCa = !established || (!oldCa.isEmpty() && !CaBundles.valid(oldCa));
    return new CrdValidation.Options(schema, allSchemas,
        !conversion.isObject() || CrdValidation.hasAcceptedReviewVersionOrNone(conversion), established,
        allowInvalidCa);
  }

  static boolean established(KubeObject crd) {
    for (JsonNode c : crd.node().path("status").path("conditions")) {
      if (c.path("type").asString("").equals("Established") && c.path("status").asString("").equals("True")) {
        return true;
      }
    }
    return false;
  }

  private static boolean nonAtomicSet(JsonNode s) {
    JsonNode items = s.get("items");
    if (!"set".equals(s.path("x-kubernetes-list-type").asString(null)) || items == null || !items.isObject()) {
      return false;
    }
    return switch (items.path("type").asString("")) {
      case "array" -> items.has("x-kubernetes-list-type")
          && !items.path("x-kubernetes-list-type").asString("").equals("atomic");
      case "object" -> !items.path("x-kubernetes-map-type").asString("").equals("atomic");
      default -> false;
    };
  }
}
