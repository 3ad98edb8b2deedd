package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH bodies. JSON patch (RFC 6902) and JSON merge patch (RFC 7386) in full. A strategic merge patch is applied as a merge patch only
 * when the two agree: for the kinds served so far they do, unless the patch uses directives ({@code $patch},
 * {@code $retainKeys}, ...) or touches the merge-keyed metadata lists; those are refused until the strategic
 * merge issue lands, rather than applied wrongly.
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
  }

  private Patches() {}

  /** The patch, checked against what this server can apply for {@code contentType}. */
  static Patch parse(String contentType, byte[] body) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    if (!type.equals(MERGE) && !type.equals(STRATEGIC) && !type.equals(JSON_PATCH)) {
      throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
          + "accepted media types include: " + JSON_PATCH + ", " + MERGE + ", " + STRATEGIC + ", " + APPLY, null);
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
      return current -> jsonPatch(current, patch);
    }
    if (!(patch instanceof ObjectNode o)) {
      throw ApiException.badRequest("a patch must be a JSON object");
    }
    if (type.equals(STRATEGIC) && !mergeEquivalent(o, true)) {
      throw new ApiException(415, "UnsupportedMediaType", "strategic merge patch directives and merge-keyed "
          + "metadata lists are not supported yet; send " + MERGE, null);
    }
    return current -> {
      merge(current.node(), o);
      return current;
    };
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

  private static boolean mergeEquivalent(ObjectNode patch, boolean top) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("$")) {
        return false;
      }
      if (top && e.getKey().equals("metadata") && e.getValue().isObject()
          && (e.getValue().has("finalizers") || e.getValue().has("ownerReferences"))) {
        return false;
      }
      if (e.getValue() instanceof ObjectNode o && !mergeEquivalent(o, false)) {
        return false;
      }
    }
    return true;
  }
}
