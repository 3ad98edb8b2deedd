package dev.capstan.server.patch;

import dev.capstan.server.schema.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merging one list tagged {@code patchStrategy: merge}, and the ordering rules that decide where merged items
 * land: items the patch names follow the patch's order, items only the server has keep their order relative to
 * each other, and the two are interleaved by the server's order where both are known.
 */
final class MergeLists {
  private MergeLists() {}

  /**
   * A Go slice: a window over a backing array that appends write into while it has room. Upstream reorders a
   * {@code $setElementOrder} list by the original's storage after merging shifted deleted items out of it and
   * appended new ones into the freed room; which new items the server order then knows depends on that, so it
   * is kept as upstream has it.
   */
  static final class Slice {
    private JsonNode[] array;
    private int len;

    Slice(JsonNode[] array, int len) {
      this.array = array;
      this.len = len;
    }

    static Slice of(JsonNode list) {
      JsonNode[] items = StrategicMerge.items(list).toArray(new JsonNode[0]);
      return new Slice(items, items.length);
    }

    static Slice of(List<JsonNode> list) {
      JsonNode[] items = list.toArray(new JsonNode[0]);
      return new Slice(items, items.length);
    }

    /** Another window on the same storage (Go copies slice headers, not arrays). */
    Slice header() {
      return new Slice(array, len);
    }

    int size() {
      return len;
    }

    JsonNode get(int i) {
      return array[i];
    }

    void set(int i, JsonNode v) {
      array[i] = v;
    }

    void removeAt(int i) {
      System.arraycopy(array, i + 1, array, i, len - i - 1);
      len--;
    }

    void append(JsonNode v) {
      if (len == array.length) {
        array = Arrays.copyOf(array, Math.max(4, array.length * 2));
      }
      array[len++] = v;
    }

    List<JsonNode> view() {
      return new ArrayList<>(Arrays.asList(array).subList(0, len));
    }
  }

  /**
   * Merges {@code patch} into {@code original} for a merge-strategy field. A deletion list
   * ({@code $deleteFromPrimitiveList}) removes scalars instead of adding them.
   */
  static List<JsonNode> merge(Slice original, List<JsonNode> patch, StrategicMerge.Field field,
      boolean deletionList) {
    if (original.size() == 0 && patch.isEmpty()) {
      return original.view();
    }
    GoValues.Kind kind = elementKind(original.view(), patch);
    String mergeKey = field.mergeKey();
    List<JsonNode> merged;
    if (kind != GoValues.Kind.MAP) {
      if (deletionList) {
        return without(original.view(), patch);
      }
      List<JsonNode> both = original.view();
      both.addAll(patch);
      merged = dedupe(both);
    } else {
      if (mergeKey.isEmpty()) {
        throw PatchErrors.unmapped("cannot merge lists without merge key for type " + goKind(field.items()));
      }
      List<JsonNode> plain = new ArrayList<>();
      boolean replace = false;
      for (JsonNode item : patch) {
        JsonNode directive = item.get(StrategicMerge.PATCH);
        if (directive == null) {
          plain.add(item);
        } else if (StrategicMerge.isText(directive, "delete")) {
          JsonNode key = item.get(mergeKey);
          if (key == null) {
            throw PatchErrors.noMergeKey(item, mergeKey);
          }
          for (int at = find(original, mergeKey, key); at >= 0; at = find(original, mergeKey, key)) {
            original.removeAt(at);
          }
        } else if (StrategicMerge.isText(directive, "replace")) {
          replace = true; // keep going: the other directive items are dropped either way
        } else if (StrategicMerge.isText(directive, "merge")) {
          throw PatchErrors.unmapped("merging lists cannot yet be specified in the patch");
        } else {
          throw PatchErrors.unknownPatchType(directive, item);
        }
      }
      if (replace) {
        original = Slice.of(plain);
        patch = List.of();
      } else {
        patch = plain;
      }
      Slice working = original.header();
      for (JsonNode item : patch) {
        JsonNode key = item.get(mergeKey);
        if (key == null) {
          throw PatchErrors.noMergeKey(item, mergeKey);
        }
        int at = find(working, mergeKey, key);
        if (at >= 0) {
          working.set(at, StrategicMerge.mergeMap((ObjectNode) working.get(at), (ObjectNode) item, field.items()));
        } else {
          working.append(item);
        }
      }
      merged = working.view();
    }
    Partition parts = partition(merged, patch, mergeKey);
    return normalize(parts.named(), parts.serverOnly(), patch, original.view(), mergeKey, kind);
  }

  /** Items of {@code merged} the patch (or a {@code $setElementOrder} list) names, and the rest. */
  record Partition(List<JsonNode> named, List<JsonNode> serverOnly) {}

  static Partition partition(List<JsonNode> merged, List<JsonNode> by, String mergeKey) {
    List<JsonNode> named = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode item : merged) {
      boolean found;
      if (mergeKey.isEmpty()) {
        found = by.stream().anyMatch(b -> GoValues.same(b, item));
      } else {
        if (!item.isObject()) {
          throw PatchErrors.badArgType("map[string]interface {}", item);
        }
        JsonNode key = item.get(mergeKey);
        if (key == null) {
          throw PatchErrors.noMergeKey(item, mergeKey);
        }
        found = find(Slice.of(by), mergeKey, key) >= 0;
      }
      (found ? named : serverOnly).add(item);
    }
    return new Partition(named, serverOnly);
  }

  /**
   * Orders the named items by {@code namedOrder} and the server-only items by {@code serverOrder}, then
   * interleaves them: a server-only item goes before a named one only when the server order has both and
   * puts it first.
   */
  static List<JsonNode> normalize(List<JsonNode> named, List<JsonNode> serverOnly, List<JsonNode> namedOrder,
      List<JsonNode> serverOrder, String mergeKey, GoValues.Kind kind) {
    List<JsonNode> left = sortBy(serverOnly, serverOrder, mergeKey, kind);
    List<JsonNode> right = sortBy(named, namedOrder, mergeKey, kind);
    List<JsonNode> out = new ArrayList<>(left.size() + right.size());
    int i = 0;
    int j = 0;
    while (i < left.size() || j < right.size()) {
      if (i >= left.size()) {
        out.add(right.get(j++));
      } else if (j >= right.size()) {
        out.add(left.get(i++));
      } else {
        int li = index(serverOrder, left.get(i), mergeKey, kind);
        int ri = index(serverOrder, right.get(j), mergeKey, kind);
        if (li >= 0 && ri >= 0 && li < ri) {
          out.add(left.get(i++));
        } else {
          out.add(right.get(j++));
        }
      }
    }
    return out;
  }

  /**
   * {@code items} stably sorted by their position in {@code order}; deletion directives go last. The comparison
   * is upstream's (an item missing from {@code order} sorts before anything), applied by insertion as upstream's
   * stable sort does for short lists.
   */
  private static List<JsonNode> sortBy(List<JsonNode> items, List<JsonNode> order, String mergeKey,
      GoValues.Kind kind) {
    List<JsonNode> toSort = new ArrayList<>();
    List<JsonNode> deletions = new ArrayList<>();
    if (kind == GoValues.Kind.MAP) {
      requireMergeKey(items, mergeKey);
      requireMergeKey(order, mergeKey);
      for (JsonNode item : items) {
        boolean delete = StrategicMerge.isText(item.path(StrategicMerge.PATCH), "delete");
        (delete ? deletions : toSort).add(item);
      }
    } else {
      toSort.addAll(items);
    }
    for (int i = 1; i < toSort.size(); i++) {
      for (int j = i; j > 0 && before(toSort.get(j), toSort.get(j - 1), order, mergeKey, kind); j--) {
        JsonNode t = toSort.get(j);
        toSort.set(j, toSort.get(j - 1));
        toSort.set(j - 1, t);
      }
    }
    toSort.addAll(deletions);
    return toSort;
  }

  private static boolean before(JsonNode a, JsonNode b, List<JsonNode> order, String mergeKey, GoValues.Kind kind) {
    int ia = index(order, a, mergeKey, kind);
    int ib = index(order, b, mergeKey, kind);
    return ia < 0 || ib < 0 || ia < ib;
  }

  private static void requireMergeKey(List<JsonNode> items, String mergeKey) {
    for (JsonNode item : items) {
      if (!item.isObject()) {
        throw PatchErrors.badArgType("map[string]interface {}", item);
      }
      if (!item.has(mergeKey)) {
        throw PatchErrors.noMergeKey(item, mergeKey);
      }
    }
  }

  /** The position of {@code value} in {@code list}: by merge key value for maps, by value otherwise; -1 if absent. */
  static int index(List<JsonNode> list, JsonNode value, String mergeKey, GoValues.Kind kind) {
    JsonNode wanted = kind == GoValues.Kind.MAP ? value.get(mergeKey) : value;
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = kind == GoValues.Kind.MAP ? list.get(i).get(mergeKey) : list.get(i);
      if (GoValues.same(wanted, v)) {
        return i;
      }
    }
    return -1;
  }

  /** The first item of {@code s} whose {@code mergeKey} equals {@code value}, or -1. */
  static int find(Slice s, String mergeKey, JsonNode value) {
    for (int i = 0; i < s.size(); i++) {
      JsonNode item = s.get(i);
      if (!item.isObject()) {
        throw PatchErrors.unmapped("value for key " + i + " is not a map.");
      }
      JsonNode v = item.get(mergeKey);
      if (v != null && GoValues.same(v, value)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The one Go type every item of the lists has; lists of lists are refused (422), mixed lists and lists with no
   * items at all are errors.
   */
  @SafeVarargs
  static GoValues.Kind elementKind(List<JsonNode>... lists) {
    GoValues.Kind kind = null;
    for (List<JsonNode> list : lists) {
      for (JsonNode item : list) {
        GoValues.Kind k = GoValues.kind(item);
        if (kind == null) {
          kind = k;
          if (k == GoValues.Kind.SLICE) {
            throw PatchErrors.listOfLists();
          }
        } else if (kind != k) {
          StringBuilder all = new StringBuilder("[");
          for (int i = 0; i < lists.length; i++) {
            all.append(i > 0 ? " " : "").append(GoValues.format(lists[i]));
          }
          throw PatchErrors.unmapped("list element types are not identical: " + all.append(']'));
        }
      }
    }
    if (kind == null) {
      throw PatchErrors.unmapped("no elements in any of the given slices");
    }
    return kind;
  }

  private static List<JsonNode> without(List<JsonNode> current, List<JsonNode> toDelete) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode v : current) {
      if (toDelete.stream().noneMatch(d -> GoValues.same(d, v))) {
        out.add(v);
      }
    }
    return out;
  }

  /** Removes repeated scalars the way upstream does (a repeat is overwritten by the last item). */
  private static List<JsonNode> dedupe(List<JsonNode> s) {
    int last = s.size() - 1;
    for (int i = 0; i < last; i++) {
      for (int j = i + 1; j <= last; j++) {
        if (GoValues.same(s.get(i), s.get(j))) {
          s.set(j, s.get(last));
          s.remove(last);
          last--;
          j--;
        }
      }
    }
    return s;
  }

  /** The Go kind name of a list's element type, as upstream's error names it. */
  private static String goKind(Schema items) {
    if (items == null) {
      return "interface";
    }
    return switch (items.type()) {
      case OBJECT, INT_OR_STRING -> "struct";
      case MAP -> "map";
      case LIST -> "slice";
      case STRING -> "string";
      case INTEGER -> "int32".equals(items.format()) ? "int32" : "int64";
      case NUMBER -> "float64";
      case BOOLEAN -> "bool";
      case ANY -> "interface";
    };
  }
}
