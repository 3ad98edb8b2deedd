package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH bodies. JSON merge patch (RFC 7386) in full. A strategic merge patch is applied as a merge patch only
 * when the two agree: for the kinds served so far they do, unless the patch uses directives ({@code $patch},
 * {@code $retainKeys}, ...) or touches the merge-keyed metadata lists; those are refused until the strategic
 * merge issue lands, rather than applied wrongly.
 */
final class Patches {
  static final String MERGE = "application/merge-patch+json";
  static final String STRATEGIC = "application/strategic-merge-patch+json";

  private Patches() {}

  /** The patch document, checked against what this server can apply for {@code contentType}. */
  static ObjectNode parse(String contentType, byte[] body) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    if (!type.equals(MERGE) && !type.equals(STRATEGIC)) {
      throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
          + "accepted media types include: " + MERGE + ", " + STRATEGIC, null);
    }
    JsonNode patch;
    try {
      patch = Encoding.JSON.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("the body of the request could not be decoded as JSON: " + e.getOriginalMessage());
    }
    if (!(patch instanceof ObjectNode o)) {
      throw ApiException.badRequest("a patch must be a JSON object");
    }
    if (type.equals(STRATEGIC) && !mergeEquivalent(o, true)) {
      throw new ApiException(415, "UnsupportedMediaType", "strategic merge patch directives and merge-keyed "
          + "metadata lists are not supported yet; send " + MERGE, null);
    }
    return o;
  }

  /** Applies a merge patch to {@code target} (changed in place) and returns it. */
  static KubeObject apply(KubeObject target, ObjectNode patch) {
    merge(target.node(), patch);
    return target;
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
