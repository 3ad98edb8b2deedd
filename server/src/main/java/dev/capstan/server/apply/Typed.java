package dev.capstan.server.apply;

import dev.capstan.server.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The walks over a value and its schema that apply is made of: the fields a value sets, what changed between two
 * values, the merge of an applied configuration into a live object, and the removal of paths. Pure functions; the
 * inputs are never modified.
 */
final class Typed {
  private Typed() {}

  /** A value that does not fit its list's identity rules (a map-list item without its key, a duplicate, ...). */
  static final class TypeError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TypeError(String message) {
      super(message);
    }
  }

  /** What changed from one value to another, path by path. */
  record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
    FieldSet changed() {
      return added.union(modified);
    }
  }

  // ---- list identity ----

  /** The element naming item {@code i} of a list: its key, its value, or its position. */
  static PathElement itemElement(Shape list, int i, JsonNode item) {
    if (!list.associative()) {
      return PathElement.index(i);
    }
    if (!list.keys().isEmpty()) {
      if (!item.isObject()) {
        throw new TypeError("element " + i + ": associative list with keys may not have non-map elements");
      }
      Map<String, JsonNode> key = new LinkedHashMap<>();
      for (String k : list.keys()) {
        JsonNode v = item.get(k);
        if ((v == null || v.isNull()) && list.items() != null && list.items().property(k) != null) {
          v = list.items().property(k).defaultValue(); // a key upstream defaults (a port's protocol) may be omitted
        }
        if (v == null || v.isNull()) {
          throw new TypeError("element " + i + ": associative list with keys has an element that omits key field "
              + dev.capstan.api.FieldError.goQuote(k) + " (and doesn't have default value)");
        }
        key.put(k, v);
      }
      return PathElement.key(key);
    }
    if (item.isObject()) {
      throw new TypeError("element " + i + ": associative list without keys has an element that's a map type");
    }
    return PathElement.value(item);
  }

  /**
   * The items of a list by their element, in order. A repeated element is an error in an applied configuration
   * ({@code strict}); in a live object the first one counts, as upstream tolerates duplicates there.
   */
  static LinkedHashMap<PathElement, JsonNode> items(Shape list, JsonNode array, List<PathElement> path,
      boolean strict) {
    LinkedHashMap<PathElement, JsonNode> out = new LinkedHashMap<>();
    for (int i = 0; i < array.size(); i++) {
      PathElement pe;
      try {
        pe = itemElement(list, i, array.get(i));
      } catch (TypeError e) {
        throw new TypeError(PathElement.print(path) + ": " + e.getMessage());
      }
      if (out.containsKey(pe)) {
        if (strict) {
          throw new TypeError(PathElement.print(path) + ": duplicate entries for key " + pe);
        }
        continue;
      }
      out.put(pe, array.get(i));
    }
    return out;
  }

  private static List<PathElement> plus(List<PathElement> path, PathElement pe) {
    List<PathElement> p = new ArrayList<>(path.size() + 1);
    p.addAll(path);
    p.add(pe);
    return p;
  }

  private static boolean emptyContainer(JsonNode v) {
    return v == null || v.isNull() || ((v.isObject() || v.isArray()) && v.isEmpty());
  }

  // ---- the fields a value sets ----

  /**
   * The paths {@code value} sets, as upstream counts ownership: every scalar, atomic list or map, and empty or null
   * value; every list item; every key of a map (not the declared fields of a struct, which are owned through what is
   * below them). {@code strict} refuses duplicate list items (an applied configuration).
   */
  static FieldSet toFieldSet(Schema schema, JsonNode value, boolean strict) {
    FieldSet out = new FieldSet();
    collect(schema, value, new ArrayList<>(), out, strict);
    return out;
  }

  private static void collect(Schema schema, JsonNode v, List<PathElement> path, FieldSet out, boolean strict) {
    Shape shape = Shape.of(schema, v);
    if (v == null || v.isNull() || shape.kind() == Shape.Kind.SCALAR || !shape.fits(v) || shape.atomic()) {
      out.insert(path);
      return;
    }
    if (shape.kind() == Shape.Kind.LIST) {
      items(shape, v, path, strict).forEach((pe, item) -> {
        List<PathElement> p = plus(path, pe);
        collect(shape.items(), item, p, out, strict);
        out.insert(p);
      });
      return;
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      List<PathElement> p = plus(path, PathElement.field(e.getKey()));
      if (strict && shape.kind() == Shape.Kind.STRUCT && !shape.declares(e.getKey())
          && !shape.schema().preserveUnknownFields()) {
        // Upstream converts an applied configuration to its typed form first; a field the type lacks fails there.
        throw new TypeError(PathElement.print(p) + ": field not declared in schema");
      }
      JsonNode child = e.getValue();
      collect(shape.field(e.getKey()), child, p, out, strict);
      if (child.isNull() || (child.isObject() && child.isEmpty()) || !shape.declares(e.getKey())) {
        out.insert(p);
      }
    }
  }

  /** Every path in {@code v}, containers included (what a value brings or takes away as a whole). */
  private static void everything(Schema schema, JsonNode v, List<PathElement> path, FieldSet out) {
    out.insert(path);
    Shape shape = Shape.of(schema, v);
    if (v == null || v.isNull() || shape.kind() == Shape.Kind.SCALAR || !shape.fits(v) || shape.atomic()) {
      return;
    }
    if (shape.kind() == Shape.Kind.LIST) {
      items(shape, v, path, false).forEach((pe, item) -> everything(shape.items(), item, plus(path, pe), out));
      return;
    }
    v.properties().forEach(e -> everything(shape.field(e.getKey()), e.getValue(),
        plus(path, PathElement.field(e.getKey())), out));
  }

  // ---- what changed ----

  static Comparison compare(Schema schema, JsonNode lhs, JsonNode rhs) {
    Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    compare(schema, lhs, rhs, new ArrayList<>(), c);
    return c;
  }

  private static void compare(Schema schema, JsonNode lhs, JsonNode rhs, List<PathElement> path, Comparison c) {
    if (lhs == null) {
      everything(schema, rhs, path, c.added());
      return;
    }
    if (rhs == null) {
      everything(schema, lhs, path, c.removed());
      return;
    }
    Shape shape = Shape.of(schema, rhs.isNull() ? lhs : rhs);
    boolean leaf = shape.kind() == Shape.Kind.SCALAR || shape.atomic()
        || (emptyContainer(lhs) && emptyContainer(rhs)) || !fitsOrNull(shape, lhs) || !fitsOrNull(shape, rhs);
    if (leaf) {
      if (!Values.equal(lhs, rhs)) {
        c.modified().insert(path);
      }
      return;
    }
    if (shape.kind() == Shape.Kind.LIST) {
      Map<PathElement, JsonNode> l = lhs.isNull() ? Map.of() : items(shape, lhs, path, false);
      Map<PathElement, JsonNode> r = rhs.isNull() ? Map.of() : items(shape, rhs, path, false);
      l.forEach((pe, item) -> compare(shape.items(), item, r.get(pe), plus(path, pe), c));
      r.forEach((pe, item) -> {
        if (!l.containsKey(pe)) {
          compare(shape.items(), null, item, plus(path, pe), c);
        }
      });
      return;
    }
    if (!lhs.isNull()) {
      lhs.properties().forEach(e -> compare(shape.field(e.getKey()), e.getValue(), rhs.get(e.getKey()),
          plus(path, PathElement.field(e.getKey())), c));
    }
    if (!rhs.isNull()) {
      rhs.properties().forEach(e -> {
        if (lhs.isNull() || !lhs.has(e.getKey())) {
          compare(shape.field(e.getKey()), null, e.getValue(), plus(path, PathElement.field(e.getKey())), c);
        }
      });
    }
  }

  private static boolean fitsOrNull(Shape shape, JsonNode v) {
    return v.isNull() || shape.fits(v);
  }

  // ---- merging an applied configuration ----

  /**
   * The live value with the configuration merged in: the configuration's scalars and atomic values win; structs and
   * granular maps merge key by key; associative lists merge item by item, keeping the live order for items the
   * configuration does not mention and the configuration's order among the ones it does. A null in the
   * configuration removes the field.
   */
  static JsonNode merge(Schema schema, JsonNode lhs, JsonNode rhs) {
    return merge(schema, lhs, rhs, new ArrayList<>());
  }

  private static JsonNode merge(Schema schema, JsonNode lhs, JsonNode rhs, List<PathElement> path) {
    if (rhs == null) {
      return lhs.deepCopy();
    }
    if (lhs == null || lhs.isNull() || rhs.isNull()) {
      return rhs.deepCopy();
    }
    Shape shape = Shape.of(schema, rhs);
    if (shape.kind() == Shape.Kind.SCALAR || shape.atomic() || !shape.fits(lhs) || !shape.fits(rhs)) {
      return rhs.deepCopy();
    }
    if (shape.kind() == Shape.Kind.LIST) {
      return mergeList(shape, lhs, rhs, path);
    }
    ObjectNode out = Values.JSON.createObjectNode();
    lhs.properties().forEach(e -> {
      JsonNode r = rhs.get(e.getKey());
      if (r != null && r.isNull()) {
        return;
      }
      out.set(e.getKey(), merge(shape.field(e.getKey()), e.getValue(), r, plus(path, PathElement.field(e.getKey()))));
    });
    rhs.properties().forEach(e -> {
      if (!lhs.has(e.getKey()) && !e.getValue().isNull()) {
        out.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    return out;
  }

  private static JsonNode mergeList(Shape shape, JsonNode lhs, JsonNode rhs, List<PathElement> path) {
    LinkedHashMap<PathElement, JsonNode> l = items(shape, lhs, path, false);
    LinkedHashMap<PathElement, JsonNode> r = items(shape, rhs, path, true);
    List<PathElement> lOrder = new ArrayList<>(l.keySet());
    List<PathElement> rOrder = new ArrayList<>(r.keySet());
    // The items both sides hold, in the configuration's order: each is placed when its turn comes.
    List<PathElement> shared = new ArrayList<>();
    rOrder.forEach(pe -> {
      if (l.containsKey(pe)) {
        shared.add(pe);
      }
    });
    int nextShared = 0;
    Set<PathElement> placed = new HashSet<>();
    ArrayNode out = Values.JSON.createArrayNode();
    int li = 0;
    int ri = 0;
    while (li < lOrder.size() || ri < rOrder.size()) {
      if (li < lOrder.size() && ri < rOrder.size()) {
        PathElement pe = lOrder.get(li);
        if (pe.equals(rOrder.get(ri))) {
          placed.add(pe);
          out.add(merge(shape.items(), l.get(pe), r.get(pe), plus(path, pe)));
          li++;
          ri++;
          if (nextShared < shared.size() && shared.get(nextShared).equals(pe)) {
            nextShared++;
          }
          continue;
        }
        if (r.containsKey(pe) && nextShared < shared.size() && !shared.get(nextShared).equals(pe)) {
          li++; // a shared item whose turn has not come: placed where the configuration puts it
          continue;
        }
      }
      if (li < lOrder.size()) {
        PathElement pe = lOrder.get(li);
        if (!r.containsKey(pe)) {
          out.add(l.get(pe).deepCopy());
          li++;
          continue;
        }
        if (placed.contains(pe)) {
          li++;
          continue;
        }
      }
      if (ri < rOrder.size()) {
        PathElement pe = rOrder.get(ri);
        placed.add(pe);
        out.add(merge(shape.items(), l.get(pe), r.get(pe), plus(path, pe)));
        ri++;
        if (nextShared < shared.size() && shared.get(nextShared).equals(pe)) {
          nextShared++;
        }
      }
    }
    return out;
  }

  // ---- removing paths ----

  /** A copy of {@code v} without the paths that are members of {@code set} (each with all that is below it). */
  static JsonNode removeItems(Schema schema, JsonNode v, FieldSet set) {
    Shape shape = Shape.of(schema, v);
    if (v == null || v.isNull() || shape.kind() == Shape.Kind.SCALAR || shape.atomic() || !shape.fits(v)
        || v.isEmpty()) {
      return v == null ? null : v.deepCopy();
    }
    if (shape.kind() == Shape.Kind.LIST) {
      ArrayNode out = Values.JSON.createArrayNode();
      for (int i = 0; i < v.size(); i++) {
        JsonNode item = v.get(i);
        PathElement pe = itemElement(shape, i, item);
        if (set.isMember(pe)) {
          continue;
        }
        FieldSet below = set.child(pe);
        out.add(below.isEmpty() ? item.deepCopy() : removeItems(shape.items(), item, below));
      }
      return out;
    }
    ObjectNode out = Values.JSON.createObjectNode();
    v.properties().forEach(e -> {
      PathElement pe = PathElement.field(e.getKey());
      if (set.isMember(pe)) {
        return;
      }
      FieldSet below = set.child(pe);
      out.set(e.getKey(), below.isEmpty() ? e.getValue().deepCopy()
          : removeItems(shape.field(e.getKey()), e.getValue(), below));
    });
    return out;
  }

  /**
   * The set with every declared struct field that has paths below it made a member too, so removing the set takes
   * such fields away whole, as upstream prunes them.
   */
  static FieldSet ensureNamedFieldsAreMembers(Schema schema, FieldSet set) {
    FieldSet out = new FieldSet();
    ensure(schema, set, new ArrayList<>(), out);
    return out;
  }

  private static void ensure(Schema schema, FieldSet set, List<PathElement> path, FieldSet out) {
    set.members().forEach(m -> out.insert(plus(path, m)));
    boolean struct = schema != null && schema.type() == Schema.Type.OBJECT;
    set.children().forEach((pe, below) -> {
      List<PathElement> p = plus(path, pe);
      Schema child = null;
      if (schema != null) {
        child = switch (schema.type()) {
          case OBJECT -> pe.fieldName() == null ? null : schema.property(pe.fieldName());
          case MAP -> schema.values();
          case LIST -> schema.items();
          default -> null;
        };
      }
      if (struct && pe.fieldName() != null && schema.property(pe.fieldName()) != null) {
        out.insert(p);
      }
      ensure(child, below, p, out);
    });
  }
}
