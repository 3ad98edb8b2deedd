package dev.capstan.server.patch;

import dev.capstan.api.ApiException;
import dev.capstan.server.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) as the API server applies it: a JSON
 * merge patch whose lists follow the field's {@code patchStrategy}. Lists tagged {@code merge} with a merge key
 * are merged item by item, {@code merge} lists of scalars are merged as sets, every other list is replaced.
 * The patch may carry directives: {@code $patch} (replace, delete) on objects and list items, {@code $retainKeys},
 * {@code $deleteFromPrimitiveList/<field>} and {@code $setElementOrder/<field>}.
 *
 * <p>Semantics, including the order of merged lists and the quirks clients depend on, are upstream's
 * (k8s.io/apimachinery strategicpatch, server side): a field the schema does not know, and everything under a
 * free-form node, merges as plain JSON merge patch (objects recursively, lists replaced). Values the original
 * lacks are taken from the patch as they are; directive keys left in them are dropped from the result, as
 * decoding into upstream's typed objects drops them.
 *
 * <p>Stateless and thread-safe.
 */
public final class StrategicMerge {
  static final String PATCH = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String DELETE_PREFIX = "$deleteFromPrimitiveList";
  static final String ORDER_PREFIX = "$setElementOrder";

  private StrategicMerge() {}

  /**
   * The result of applying {@code patch} to {@code original}, guided by {@code schema} (the node of the whole
   * object; null when nothing is known). Neither argument is modified.
   *
   * @throws ApiException with upstream's status and message when the patch is malformed (400 for bad directive
   *     formats, 422 for lists of lists, 500 without a reason for the rest, e.g. a missing merge key)
   */
  public static ObjectNode apply(ObjectNode original, ObjectNode patch, Schema schema) {
    ObjectNode result = mergeMap(original.deepCopy(), patch.deepCopy(), schema);
    dropDirectives(result, schema);
    return result;
  }

  /** Merges {@code patch} into {@code original} (both owned by the caller and changed) and returns the result. */
  static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, Schema schema) {
    JsonNode directive = patch.get(PATCH);
    if (directive != null) {
      if (isText(directive, "replace")) {
        patch.remove(PATCH);
        return patch;
      }
      if (isText(directive, "delete")) {
        return JsonNodeFactory.instance.objectNode();
      }
      throw PatchErrors.unknownPatchType(directive, patch);
    }
    retainKeys(original, patch);
    ElementOrder.apply(original, patch, schema);

    // Upstream walks a Go map (no order); deletion lists go last so that adding and removing items of a
    // list the original lacks keeps the additions.
    List<String> keys = new ArrayList<>();
    List<String> deletions = new ArrayList<>();
    for (String key : patch.propertyNames()) {
      (key.startsWith(DELETE_PREFIX) ? deletions : keys).add(key);
    }
    keys.addAll(deletions);
    for (String key : keys) {
      JsonNode value = patch.get(key);
      String name = key;
      boolean deletionList = false;
      if (key.startsWith(DELETE_PREFIX)) {
        name = fieldOf(key, DELETE_PREFIX, PatchErrors.BAD_PRIMITIVE_LIST);
        deletionList = true;
      }
      if (value.isNull()) {
        original.remove(name);
        continue;
      }
      JsonNode current = original.get(name);
      // A value the original lacks (even a deletion list) is taken as it is, as upstream does.
      if (current == null || GoValues.kind(current) != GoValues.kind(value)) {
        original.set(name, value);
        continue;
      }
      Field field = Field.of(schema, name);
      if (current instanceof ObjectNode currentMap) {
        original.set(name, field.replace() ? value : mergeMap(currentMap, (ObjectNode) value, field.schema()));
      } else if (current.isArray()) {
        original.set(name, field.merge()
            ? array(MergeLists.merge(MergeLists.Slice.of(current), items(value), field, deletionList))
            : value);
      } else {
        original.set(name, value);
      }
    }
    return original;
  }

  /** {@code $retainKeys}: the original keeps only the listed fields; the patch may set no other field. */
  private static void retainKeys(ObjectNode original, ObjectNode patch) {
    JsonNode retain = patch.remove(RETAIN_KEYS);
    if (retain == null) {
      return;
    }
    if (!retain.isArray()) {
      throw PatchErrors.badRequest(PatchErrors.BAD_RETAIN_KEYS);
    }
    Set<String> keep = new HashSet<>();
    retain.forEach(k -> {
      if (k.isString()) {
        keep.add(k.asString());
      }
    });
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String key = e.getKey();
      if (e.getValue().isNull() || key.startsWith(DELETE_PREFIX) || key.startsWith(ORDER_PREFIX)) {
        continue;
      }
      if (!keep.contains(key)) {
        throw PatchErrors.badRequest(PatchErrors.BAD_RETAIN_KEYS);
      }
    }
    original.retain(keep);
  }

  /** The field a {@code <prefix>/<field>} directive names; {@code error} when the key has no such form. */
  static String fieldOf(String key, String prefix, String error) {
    int slash = key.indexOf('/');
    if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
      throw PatchErrors.badRequest(error);
    }
    return key.substring(slash + 1);
  }

  static boolean isText(JsonNode v, String text) {
    return v.isString() && v.asString().equals(text);
  }

  static List<JsonNode> items(JsonNode array) {
    List<JsonNode> out = new ArrayList<>(array.size());
    array.forEach(out::add);
    return out;
  }

  static ArrayNode array(List<JsonNode> items) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode(items.size());
    items.forEach(out::add);
    return out;
  }

  /**
   * Drops directive keys and null members left in values taken whole from the patch, except under free-form
   * nodes, whose JSON upstream keeps verbatim.
   */
  private static void dropDirectives(JsonNode value, Schema schema) {
    if (schema != null && schema.preserveUnknownFields()) {
      return;
    }
    if (value instanceof ObjectNode map) {
      List<String> drop = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : map.properties()) {
        String k = e.getKey();
        if (e.getValue().isNull() || k.equals(PATCH) || k.equals(RETAIN_KEYS) || k.startsWith(DELETE_PREFIX + "/")
            || k.startsWith(ORDER_PREFIX + "/")) {
          drop.add(k);
        } else {
          dropDirectives(e.getValue(), Field.of(schema, k).schema());
        }
      }
      map.remove(drop);
    } else if (value instanceof ArrayNode list) {
      Schema items = schema == null ? null : schema.items();
      list.forEach(item -> dropDirectives(item, items));
    }
  }

  /** What the schema says of one field of an object (or one value of a map): its node and patch strategy. */
  record Field(Schema schema, String strategy, String mergeKey) {
    static Field of(Schema parent, String name) {
      if (parent == null) {
        return new Field(null, "", "");
      }
      Schema child = switch (parent.type()) {
        case OBJECT -> parent.property(name);
        case MAP -> parent.values();
        default -> null;
      };
      if (child == null) {
        return new Field(null, "", "");
      }
      // Map values carry no tags of their own; only struct fields do.
      if (parent.type() == Schema.Type.MAP) {
        return new Field(child, "", "");
      }
      String strategy = "";
      if (child.patchStrategy() != null) {
        for (String s : child.patchStrategy().split(",")) {
          if (!s.trim().equals("retainKeys") && !s.isBlank()) {
            strategy = s.trim();
          }
        }
      }
      return new Field(child, strategy, child.patchMergeKey() == null ? "" : child.patchMergeKey());
    }

    boolean merge() {
      return strategy.equals("merge");
    }

    boolean replace() {
      return strategy.equals("replace");
    }

    Schema items() {
      return schema == null ? null : schema.items();
    }
  }
}
