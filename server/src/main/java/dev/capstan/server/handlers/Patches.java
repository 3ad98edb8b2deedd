package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.patch.StrategicMerge;
import dev.capstan.server.schema.Schema;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH bodies: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and strategic merge patch, the last guided by
 * the kind's schema. A kind without one refuses strategic merge patch as upstream refuses it for custom
 * resources (415, listing the types it does take).
 */
final class Patches {
  static final String MERGE = "application/merge-patch+json";
  static final String STRATEGIC = "application/strategic-merge-patch+json";
  static final String JSON_PATCH = "application/json-patch+json";
  static final String APPLY = "application/apply-patch+yaml";
  private static final tools.jackson.dataformat.yaml.YAMLMapper YAML = tools.jackson.dataformat.yaml.YAMLMapper.builder()
      .build();

  /** A parsed patch that applies itself to a copy of the current object. */
  @FunctionalInterface
  interface Patch {
    KubeObject apply(KubeObject current);

    /** The patch as sent, as upstream shows it in errors about it. */
    default JsonNode body() {
      return null;
    }
  }

  private static Patch of(JsonNode body, java.util.function.UnaryOperator<KubeObject> apply) {
    return new Patch() {
      @Override
      public KubeObject apply(KubeObject current) {
        return apply.apply(current);
      }

      @Override
      public JsonNode body() {
        return body;
      }
    };
  }

  /** The patch type of a Content-Type header, without parameters. */
  static String type(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].trim();
  }

  private Patches() {}

  /** The patch, checked against what this server can apply for {@code contentType} to a kind of {@code schema}. */
  static Patch parse(String contentType, byte[] body, Optional<Schema> schema) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    boolean known = type.equals(MERGE) || type.equals(JSON_PATCH) || type.equals(STRATEGIC) && schema.isPresent();
    if (!known) {
      // Kinds without patch metadata (custom resources) do not list strategic merge patch, as upstream.
      throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
          + "accepted media types include: " + JSON_PATCH + ", " + MERGE + ", "
          + (schema.isPresent() ? STRATEGIC + ", " : "") + APPLY, null);
    }
    JsonNode patch;
    try {
      patch = Encoding.JSON.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("the body of the request could not be decoded as JSON: " + e.getOriginalMessage());
    }
    if (type.equals(JSON_PATCH)) {
      if (!patch.isArray()) {
        throw ApiException.badRequest("a JSON patch must be a JSON array of operations");
      }
      return of(patch, current -> jsonPatch(current, patch));
    }
    if (type.equals(STRATEGIC)) {
      return strategic(patch, schema.get());
    }
    if (!(patch instanceof ObjectNode o)) {
      throw ApiException.badRequest("a patch must be a JSON object");
    }
    return of(o, current -> {
      merge(current.node(), o);
      return current;
    });
  }

  /** Upstream decodes the body into a Go map first: null is an empty patch, any other non-object fails there. */
  private static Patch strategic(JsonNode patch, Schema schema) {
    if (patch == null || patch.isMissingNode()) {
      throw ApiException.badRequest("unexpected end of JSON input");
    }
    if (patch.isNull()) {
      return of(patch, current -> current);
    }
    if (!(patch instanceof ObjectNode o)) {
      String what = patch.isArray() ? "array" : patch.isString() ? "string" : patch.isNumber() ? "number"
          : patch.isBoolean() ? "bool" : "value";
      throw ApiException.badRequest("json: cannot unmarshal " + what
          + " into Go value of type map[string]interface {}");
    }
    return of(o, current -> KubeObject.wrap(StrategicMerge.apply(current.node(), o, schema)));
  }

  /** True for a server-side apply body ({@code application/apply-patch+yaml}). */
  static boolean isApply(String contentType) {
    return contentType != null && contentType.split(";")[0].trim().equals(APPLY);
  }

  /** The configuration of a server-side apply: a YAML (or JSON) object; anything else is upstream's 400. */
  static ObjectNode applyConfiguration(byte[] body) {
    JsonNode config;
    try {
      config = body.length == 0 ? YAML.createObjectNode() : YAML.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("error decoding YAML: " + e.getOriginalMessage());
    }
    if (config == null || config.isMissingNode() || config.isNull()) {
      return YAML.createObjectNode();
    }
    if (!(config instanceof ObjectNode o)) {
      throw ApiException.badRequest("error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot "
          + "unmarshal " + (config.isArray() ? "array" : config.isString() ? "string" : "number")
          + " into Go value of type map[string]interface {}");
    }
    return o;
  }

  private static KubeObject jsonPatch(KubeObject current, JsonNode operations) {
    JsonNode result;
    try {
      result = JsonPatch.apply(operations, current.node());
    } catch (JsonPatchException | IllegalArgumentException e) {
      throw new ApiException(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage(), null);
    }
    if (!(result instanceof ObjectNode o)) {
      throw new ApiException(422, "Invalid", "the JSON patch did not produce an object", null);
    }
    return KubeObject.wrap(o);
  }

  private static void merge(ObjectNode target, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      JsonNode value = e.getValue();
      if (value.isNull()) {
        target.remove(e.getKey());
      } else if (value.isObject()) {
        JsonNode existing = target.get(e.getKey());
        ObjectNode into = existing instanceof ObjectNode o ? o : target.putObject(e.getKey());
        merge(into, (ObjectNode) value);
      } else {
        target.set(e.getKey(), value.deepCopy());
      }
    }
  }
}
