package dev.capstan.server.patch;

import dev.capstan.server.schema.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $setElementOrder/<field>}: the order a client wants a list in (kubectl sends the whole list of its merge
 * keys). The field's list is merged here, ahead of the other fields, then ordered: items the order names as it
 * says, items only the server has kept where they were relative to them.
 */
final class ElementOrder {
  private ElementOrder() {}

  static void apply(ObjectNode original, ObjectNode patch, Schema schema) {
    for (String key : new ArrayList<>(patch.propertyNames())) {
      if (!key.startsWith(StrategicMerge.ORDER_PREFIX)) {
        continue;
      }
      JsonNode order = patch.remove(key);
      if (!order.isArray()) {
        throw PatchErrors.badArgType("[]interface {}", order);
      }
      String name = StrategicMerge.fieldOf(key, StrategicMerge.ORDER_PREFIX, PatchErrors.BAD_SET_ELEMENT_ORDER);
      JsonNode originalList = original.get(name);
      JsonNode patchList = patch.get(name);
      if (originalList != null && !originalList.isArray()) {
        throw PatchErrors.badArgType("[]interface {}", originalList);
      }
      if (patchList != null && !patchList.isArray()) {
        throw PatchErrors.badArgType("[]interface {}", patchList);
      }
      StrategicMerge.Field field = StrategicMerge.Field.of(schema, name);
      String mergeKey = field.mergeKey();
      List<JsonNode> orderItems = StrategicMerge.items(order);
      List<JsonNode> patchItems = patchList == null ? List.of() : StrategicMerge.items(patchList);
      validate(patchItems, orderItems, mergeKey);

      // The original's storage: merging may shift and overwrite it, and ordering reads it afterwards.
      JsonNode[] storage = originalList == null ? new JsonNode[0]
          : StrategicMerge.items(originalList).toArray(new JsonNode[0]);
      List<JsonNode> merged;
      if (originalList != null && patchList == null) {
        merged = List.copyOf(Arrays.asList(storage));
      } else if (originalList == null && patchList != null) {
        merged = patchItems;
      } else if (originalList != null) {
        merged = field.merge()
            ? MergeLists.merge(new MergeLists.Slice(storage, storage.length), patchItems, field, false)
            : patchItems;
      } else {
        continue;
      }
      MergeLists.Partition parts = MergeLists.partition(merged, orderItems, mergeKey);
      List<JsonNode> serverOrder = Arrays.asList(storage);
      GoValues.Kind kind = MergeLists.elementKind(serverOrder, patchItems);
      original.set(name, StrategicMerge.array(MergeLists.normalize(parts.named(), parts.serverOnly(), orderItems,
          serverOrder, mergeKey, kind)));
      patch.remove(name);
    }
  }

  /**
   * The patch's list must name its items in an order the {@code $setElementOrder} list agrees with, and name no
   * item that list lacks (deletions and other directive items aside).
   */
  private static void validate(List<JsonNode> patchItems, List<JsonNode> order, String mergeKey) {
    if (order.isEmpty() || patchItems.isEmpty()) {
      return;
    }
    List<JsonNode> kept = new ArrayList<>();
    for (JsonNode item : patchItems) {
      if (!mergeKey.isEmpty()) {
        if (!item.isObject()) {
          throw PatchErrors.badArgType("map[string]interface {}", item);
        }
        if (StrategicMerge.isText(item.path(StrategicMerge.PATCH), "delete")) {
          continue;
        }
      }
      kept.add(item);
    }
    int p = 0;
    int o = 0;
    while (p < kept.size() && o < order.size()) {
      JsonNode item = kept.get(p);
      if (item.isObject() && item.has(StrategicMerge.PATCH)) {
        p++;
        continue;
      }
      if (sameKey(item, order.get(o), mergeKey)) {
        p++;
      }
      o++;
    }
    if (p < kept.size()) {
      throw PatchErrors.unmapped("The order in patch list:\n" + GoValues.format(patchItems) + "\n doesn't match "
          + StrategicMerge.ORDER_PREFIX + " list:\n" + GoValues.format(order) + "\n");
    }
  }

  private static boolean sameKey(JsonNode left, JsonNode right, String mergeKey) {
    if (mergeKey.isEmpty()) {
      return GoValues.same(left, right);
    }
    for (JsonNode side : List.of(left, right)) {
      if (!side.isObject()) {
        throw PatchErrors.badArgType("map[string]interface {}", side);
      }
      if (!side.has(mergeKey)) {
        throw PatchErrors.noMergeKey(side, mergeKey);
      }
    }
    return GoValues.same(left.get(mergeKey), right.get(mergeKey));
  }
}
