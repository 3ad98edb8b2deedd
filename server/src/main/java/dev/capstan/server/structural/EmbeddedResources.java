package dev.capstan.server.structural;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.ObjectMetaRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's checks of objects marked {@code x-kubernetes-embedded-resource} (not the resource root, whose type
 * and metadata are checked elsewhere): apiVersion and kind are required strings of the right shape, and metadata
 * must decode as ObjectMeta and pass its rules (names only need to be path segments).
 */
final class EmbeddedResources {
  private static final Map<String, String> STRING_FIELDS = Map.of("name", "string", "generateName", "string",
      "namespace", "string", "uid", "string", "resourceVersion", "string");
  private static final Map<String, String> STRING_MAPS = Map.of("labels", "map[string]string",
      "annotations", "map[string]string");

  private EmbeddedResources() {}

  static void validate(Node s, JsonNode x, String path, List<FieldError> out) {
    if (s == null || x == null) {
      return;
    }
    if (x.isObject()) {
      if (s.embeddedResource) {
        resource(x, path, out);
      }
      for (Map.Entry<String, JsonNode> e : x.properties()) {
        Node prop = s.properties.get(e.getKey());
        if (prop != null) {
          validate(prop, e.getValue(), Paths.child(path, e.getKey()), out);
        } else if (s.additionalProperties != null) {
          validate(s.additionalProperties, e.getValue(), Paths.key(path, e.getKey()), out);
        }
      }
    } else if (x.isArray()) {
      for (int i = 0; i < x.size(); i++) {
        validate(s.items, x.get(i), Paths.index(path, i), out);
      }
    }
  }

  private static void resource(JsonNode x, String path, List<FieldError> out) {
    if (!x.has("apiVersion")) {
      out.add(FieldError.required(Paths.child(path, "apiVersion"), ""));
    }
    if (!x.has("kind")) {
      out.add(FieldError.required(Paths.child(path, "kind"), ""));
    }
    for (Map.Entry<String, JsonNode> e : x.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "apiVersion" -> apiVersion(v, Paths.child(path, "apiVersion"), out);
        case "kind" -> kind(v, Paths.child(path, "kind"), out);
        case "metadata" -> metadata(v, path, out);
        default -> { }
      }
    }
  }

  private static void apiVersion(JsonNode v, String field, List<FieldError> out) {
    if (!v.isString()) {
      out.add(FieldError.invalid(field, GoText.badValue(v), "must be a string"));
    } else if (v.asString().isEmpty()) {
      out.add(FieldError.invalid(field, "", "must not be empty"));
    } else if (!v.asString().equals("/") && v.asString().chars().filter(c -> c == '/').count() > 1) {
      out.add(FieldError.invalid(field, v.asString(), "unexpected GroupVersion string: " + v.asString()));
    }
  }

  private static void kind(JsonNode v, String field, List<FieldError> out) {
    if (!v.isString()) {
      out.add(FieldError.invalid(field, GoText.badValue(v), "must be a string"));
      return;
    }
    String kind = v.asString();
    if (kind.isEmpty()) {
      out.add(FieldError.invalid(field, "", "must not be empty"));
      return;
    }
    List<String> errs = Rules.dns1035Label(kind.toLowerCase(Locale.ROOT));
    if (!errs.isEmpty()) {
      out.add(FieldError.invalid(field, kind, "may have mixed case, but should otherwise match: "
          + String.join(",", errs)));
    }
  }

  private static void metadata(JsonNode v, String path, List<FieldError> out) {
    String field = Paths.child(path, "metadata");
    String decodeError = decodeError(v);
    if (decodeError != null) {
      out.add(FieldError.invalid(field, GoText.badValue(v), decodeError));
      return;
    }
    ObjectNode meta = v.isObject() ? ((ObjectNode) v).deepCopy() : JsonNodeFactory.instance.objectNode();
    if (meta.path("name").asString("").isEmpty()) {
      // Upstream fills a name so that an embedded template without one passes.
      meta.put("name", "fakename");
    }
    ObjectNode holder = JsonNodeFactory.instance.objectNode();
    holder.set("metadata", meta);
    boolean namespaced = !meta.path("namespace").asString("").isEmpty();
    for (FieldError e : ObjectMetaRules.validate(KubeObject.wrap(holder), namespaced, NameRules::pathSegment, false)) {
      out.add(new FieldError(e.type(), Paths.child(path, e.field()), e.value(), e.detail()));
    }
  }

  /** The error Go's JSON decoder gives for metadata that is not an ObjectMeta, for the common fields; else null. */
  private static String decodeError(JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      return "json: cannot unmarshal " + jsonType(v) + " into Go value of type v1.ObjectMeta";
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      JsonNode f = e.getValue();
      if (f.isNull()) {
        continue;
      }
      String want = STRING_FIELDS.get(e.getKey());
      if (want != null && !f.isString()) {
        return fieldError(f, e.getKey(), want);
      }
      want = STRING_MAPS.get(e.getKey());
      if (want != null) {
        if (!f.isObject()) {
          return fieldError(f, e.getKey(), want);
        }
        for (Map.Entry<String, JsonNode> entry : f.properties()) {
          if (!entry.getValue().isString() && !entry.getValue().isNull()) {
            return fieldError(entry.getValue(), e.getKey(), "string");
          }
        }
      }
    }
    return null;
  }

  private static String fieldError(JsonNode value, String field, String type) {
    return "json: cannot unmarshal " + jsonType(value) + " into Go struct field ObjectMeta." + field + " of type "
        + type;
  }

  private static String jsonType(JsonNode v) {
    return switch (GoText.kind(v)) {
      case MAP -> "object";
      case SLICE -> "array";
      case STRING -> "string";
      case INT, FLOAT -> "number";
      case BOOL -> "bool";
      case NIL -> "null";
    };
  }
}
