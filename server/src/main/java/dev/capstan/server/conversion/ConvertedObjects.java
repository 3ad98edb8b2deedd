package dev.capstan.server.conversion;

import dev.capstan.api.FieldError;
import dev.capstan.server.validation.ObjectMetaRules;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What kube-apiserver accepts from a webhook for one object: the same kind, name, namespace and uid; of the
 * metadata only labels and annotations may change (and must stay valid); everything else in metadata is put back
 * from the object that was sent.
 */
final class ConvertedObjects {
  private ConvertedObjects() {}

  /** A converted object kube-apiserver would refuse; the message is upstream's reason. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Upstream's identity check of a converted object against the one that was sent. */
  static void checkIdentity(JsonNode original, JsonNode converted) throws Refused {
    same("kind", Go.string(original, "kind"), Go.string(converted, "kind"));
    JsonNode om = original.path("metadata");
    JsonNode cm = converted.path("metadata");
    same("name", Go.string(om, "name"), Go.string(cm, "name"));
    same("namespace", Go.string(om, "namespace"), Go.string(cm, "namespace"));
    same("UID", Go.string(om, "uid"), Go.string(cm, "uid"));
  }

  private static void same(String what, String expected, String actual) throws Refused {
    if (!expected.equals(actual)) {
      throw new Refused("must have the same " + what + ": " + expected + " != " + actual);
    }
  }

  /**
   * Replaces {@code converted}'s metadata by a copy of {@code original}'s, keeping only the labels and annotations
   * the webhook returned (absent or null ones are dropped). Changes {@code converted} in place.
   */
  static void restoreMetadata(JsonNode original, ObjectNode converted) throws Refused {
    if (!converted.has("metadata")) {
      throw new Refused("missing metadata in converted object");
    }
    JsonNode returned = converted.get("metadata");
    if (!returned.isObject()) {
      throw new Refused("invalid metadata of type " + Go.typeName(returned) + " in converted object");
    }
    JsonNode originalMeta = original.path("metadata");
    ObjectNode restored = originalMeta.isObject() ? ((ObjectNode) originalMeta).deepCopy()
        : converted.objectNode();
    for (String field : List.of("labels", "annotations")) {
      JsonNode now = returned.get(field);
      if (now == null || now.isNull()) {
        restored.remove(field);
        continue;
      }
      if (!now.isObject()) {
        throw new Refused("invalid metadata." + field + " of type " + Go.typeName(now) + " in converted object");
      }
      JsonNode before = restored.get(field);
      if (before != null && !before.isNull() && !before.isObject()) {
        throw new Refused("invalid metadata." + field + " of type " + Go.typeName(before) + " in original object");
      }
      boolean changed = before == null || before.isNull() ? now.size() > 0 : before.size() != now.size();
      for (Map.Entry<String, JsonNode> e : now.properties()) {
        if (!e.getValue().isString()) {
          throw new Refused("metadata." + field + "[" + e.getKey() + "] must be a string, but is "
              + Go.typeName(e.getValue()) + " in converted object");
        }
        JsonNode old = before == null ? null : before.get(e.getKey());
        if (old == null || !Objects.equals(old, e.getValue())) {
          changed = true;
        }
      }
      if (changed) {
        // Upstream names the annotations path in the singular here.
        List<FieldError> errs = field.equals("labels") ? ObjectMetaRules.labels(now, "metadata.labels")
            : ObjectMetaRules.annotations(now, "metadata.annotation");
        if (!errs.isEmpty()) {
          throw new Refused(aggregate(errs));
        }
      }
      restored.set(field, now.deepCopy());
    }
    converted.set("metadata", restored);
  }

  /** Go's aggregate of field errors: one message alone, several in brackets, duplicates once. */
  private static String aggregate(List<FieldError> errs) {
    Set<String> messages = new LinkedHashSet<>();
    errs.forEach(e -> messages.add(e.message()));
    return messages.size() == 1 ? messages.iterator().next() : "[" + String.join(", ", messages) + "]";
  }
}
