package dev.capstan.server.structural;

import dev.capstan.server.validation.FieldPaths;
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
  /** The ObjectMeta fields whose decoding errors are worded here, by JSON name, with their Go names. */
  private static final Map<String, String> GO_FIELDS = Map.of("name", "Name", "generateName", "GenerateName",
      "namespace", "Namespace", "uid", "UID", "resourceVersion", "ResourceVersion", "labels", "Labels",
      "annotations", "Annotations");
  private static final java.util.Set<String> STRING_MAPS = java.util.Set.of("labels", "annotations");

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
          validate(prop, e.getValue(), FieldPaths.child(path, e.getKey()), out);
        } else if (s.additionalProperties != null) {
          validate(s.additionalProperties, e.getValue(), FieldPaths.key(path, e.getKey()), out);
        }
      }
    } else if (x.isArray()) {
      for (int i = 0; i < x.size(); i++) {
        validate(s.items, x.get(i), FieldPaths.index(path, i), out);
      }
    }
  }

  /**
   * The first error of upstream's decoding of embedded resources: apiVersion and kind must be strings and metadata
   * must decode as ObjectMeta. Keys are visited in document order (upstream's is a Go map's).
   */
  static String rootMetadataError(JsonNode object) {
    JsonNode meta = object == null ? null : object.get("metadata");
    return meta == null ? null : decodeError(meta);
  }

  static FieldError coercionError(Node s, JsonNode x, String path, boolean resource) {
    if (s == null && !resource) {
      return null;
    }
    if (x != null && x.isObject()) {
      for (Map.Entry<String, JsonNode> e : x.properties()) {
        String k = e.getKey();
        JsonNode v = e.getValue();
        if (resource && (k.equals("apiVersion") || k.equals("kind")) && !v.isString()) {
          return FieldError.invalid(FieldPaths.child(path, k), GoText.badValue(v), "must be a string");
        }
        if (resource && k.equals("metadata")) {
          String error = decodeError(v);
          if (error != null) {
            return FieldError.invalid(FieldPaths.child(path, k), GoText.badValue(v), error);
          }
        }
        if (s == null) {
          continue;
        }
        Node prop = s.properties.get(k);
        FieldError found = prop != null ? coercionError(prop, v, FieldPaths.child(path, k), prop.embeddedResource)
            : s.additionalProperties != null ? coercionError(s.additionalProperties, v, FieldPaths.key(path, k),
                s.additionalProperties.embeddedResource)
            : null;
        if (found != null) {
          return found;
        }
      }
    } else if (x != null && x.isArray() && s != null && s.items != null) {
      for (int i = 0; i < x.size(); i++) {
        FieldError found = coercionError(s.items, x.get(i), FieldPaths.index(path, i), s.items.embeddedResource);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static void resource(JsonNode x, String path, List<FieldError> out) {
    if (!x.has("apiVersion")) {
      out.add(FieldError.required(FieldPaths.child(path, "apiVersion"), ""));
    }
    if (!x.has("kind")) {
      out.add(FieldError.required(FieldPaths.child(path, "kind"), ""));
    }
    for (Map.Entry<String, JsonNode> e : x.properties()) {
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "apiVersion" -> apiVersion(v, FieldPaths.child(path, "apiVersion"), out);
        case "kind" -> kind(v, FieldPaths.child(path, "kind"), out);
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
    String field = FieldPaths.child(path, "metadata");
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
      out.add(new FieldError(e.type(), FieldPaths.child(path, e.field()), e.value(), e.detail()));
    }
  }

  /**
   * The error upstream's JSON decoder (json-iterator, reading the metadata re-encoded with sorted keys) gives for
   * metadata that is not an ObjectMeta, for a non-object and for the string and string-map fields; else null.
   */
  private static String decodeError(JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    String text = htmlEscaped(GoText.json(v));
    if (!v.isObject()) {
      return iteratorError("readObjectStart", "expect { or n, but found " + text.charAt(0), text, 1);
    }
    StringBuilder prefix = new StringBuilder("{");
    for (Map.Entry<String, JsonNode> e : new java.util.TreeMap<>(toMap(v)).entrySet()) {
      prefix.append(prefix.length() > 1 ? "," : "").append(htmlEscaped(GoText.json(
          JsonNodeFactory.instance.stringNode(e.getKey())))).append(':');
      JsonNode f = e.getValue();
      String goField = GO_FIELDS.get(e.getKey());
      if (goField != null && !f.isNull()) {
        String value = htmlEscaped(GoText.json(f));
        if (STRING_MAPS.contains(e.getKey())) {
          if (!f.isObject()) {
            return "v1.ObjectMeta." + goField + ": " + iteratorError("ReadMapCB",
                "expect { or n, but found " + value.charAt(0), text, prefix.length() + 1);
          }
          StringBuilder inner = new StringBuilder(prefix).append('{');
          for (Map.Entry<String, JsonNode> entry : new java.util.TreeMap<>(toMap(f)).entrySet()) {
            inner.append(inner.charAt(inner.length() - 1) == '{' ? "" : ",").append(htmlEscaped(GoText.json(
                JsonNodeFactory.instance.stringNode(entry.getKey())))).append(':');
            JsonNode item = entry.getValue();
            if (!item.isString() && !item.isNull()) {
              return "v1.ObjectMeta." + goField + ": " + iteratorError("ReadString",
                  "expects \" or n, but found " + htmlEscaped(GoText.json(item)).charAt(0), text, inner.length() + 1);
            }
            inner.append(htmlEscaped(GoText.json(item)));
          }
        } else if (!f.isString()) {
          return "v1.ObjectMeta." + goField + ": " + iteratorError("ReadString",
              "expects \" or n, but found " + value.charAt(0), text, prefix.length() + 1);
        }
      }
      prefix.append(htmlEscaped(GoText.json(f)));
    }
    return null;
  }

  /** json-iterator's error text: the operation, what it found, and the bytes around the position it stopped at. */
  private static String iteratorError(String operation, String message, String buffer, int head) {
    String near = buffer.substring(Math.max(0, head - 10), Math.min(buffer.length(), head + 10));
    String context = buffer.substring(Math.max(0, head - 50), Math.min(buffer.length(), head + 50));
    return operation + ": " + message + ", error found in #" + (head - Math.max(0, head - 10)) + " byte of ...|"
        + near + "|..., bigger context ...|" + context + "|...";
  }

  private static Map<String, JsonNode> toMap(JsonNode object) {
    Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
    object.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  /** Go's JSON writers escape these so the text is safe inside HTML. */
  private static String htmlEscaped(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }
}
