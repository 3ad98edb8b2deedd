package dev.capstan.server.apply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of field paths, as a tree: at each level the elements that are themselves in the set ("members") and the
 * elements that lead to deeper members ("children"). A path may be both: a list item that is owned as a whole and
 * whose fields are owned too. Never holds an empty child. Sets handed out are not modified again; the algebra
 * returns new sets.
 */
public final class FieldSet {
  private final NavigableSet<PathElement> members = new TreeSet<>();
  private final NavigableMap<PathElement, FieldSet> children = new TreeMap<>();

  public FieldSet() {}

  public static FieldSet of(List<List<PathElement>> paths) {
    FieldSet s = new FieldSet();
    paths.forEach(s::insert);
    return s;
  }

  /** Adds {@code path}; only while the set is being built. */
  void insert(List<PathElement> path) {
    if (path.isEmpty()) {
      return;
    }
    FieldSet at = this;
    for (int i = 0; i < path.size() - 1; i++) {
      at = at.children.computeIfAbsent(path.get(i), k -> new FieldSet());
    }
    at.members.add(path.get(path.size() - 1));
  }

  public boolean has(List<PathElement> path) {
    FieldSet at = this;
    for (int i = 0; i < path.size() - 1; i++) {
      at = at.children.get(path.get(i));
      if (at == null) {
        return false;
      }
    }
    return !path.isEmpty() && at.members.contains(path.get(path.size() - 1));
  }

  public boolean isEmpty() {
    return members.isEmpty() && children.isEmpty();
  }

  /** The paths below {@code pe}, relative to it (empty when there are none). */
  FieldSet child(PathElement pe) {
    FieldSet c = children.get(pe);
    return c == null ? new FieldSet() : c;
  }

  boolean isMember(PathElement pe) {
    return members.contains(pe);
  }

  NavigableSet<PathElement> members() {
    return Collections.unmodifiableNavigableSet(members);
  }

  NavigableMap<PathElement, FieldSet> children() {
    return Collections.unmodifiableNavigableMap(children);
  }

  public FieldSet union(FieldSet o) {
    FieldSet out = copy();
    out.addAll(o);
    return out;
  }

  private void addAll(FieldSet o) {
    members.addAll(o.members);
    o.children.forEach((pe, c) -> children.computeIfAbsent(pe, k -> new FieldSet()).addAll(c));
  }

  private FieldSet copy() {
    FieldSet out = new FieldSet();
    out.addAll(this);
    return out;
  }

  /** The paths of this set that {@code o} does not hold (a member of {@code o} does not remove what is below it). */
  public FieldSet difference(FieldSet o) {
    FieldSet out = new FieldSet();
    members.forEach(m -> {
      if (!o.members.contains(m)) {
        out.members.add(m);
      }
    });
    children.forEach((pe, c) -> {
      FieldSet other = o.children.get(pe);
      FieldSet d = other == null ? c.copy() : c.difference(other);
      if (!d.isEmpty()) {
        out.children.put(pe, d);
      }
    });
    return out;
  }

  /** Like {@link #difference}, and a member of {@code o} also removes every path below it. */
  public FieldSet recursiveDifference(FieldSet o) {
    FieldSet out = new FieldSet();
    members.forEach(m -> {
      if (!o.members.contains(m)) {
        out.members.add(m);
      }
    });
    children.forEach((pe, c) -> {
      if (o.members.contains(pe)) {
        return;
      }
      FieldSet other = o.children.get(pe);
      FieldSet d = other == null ? c.copy() : c.recursiveDifference(other);
      if (!d.isEmpty()) {
        out.children.put(pe, d);
      }
    });
    return out;
  }

  public FieldSet intersection(FieldSet o) {
    FieldSet out = new FieldSet();
    members.forEach(m -> {
      if (o.members.contains(m)) {
        out.members.add(m);
      }
    });
    children.forEach((pe, c) -> {
      FieldSet other = o.children.get(pe);
      if (other != null) {
        FieldSet i = c.intersection(other);
        if (!i.isEmpty()) {
          out.children.put(pe, i);
        }
      }
    });
    return out;
  }

  /** Every path, in upstream's order: this level's members, then each child's paths. */
  public void forEach(Consumer<List<PathElement>> visit) {
    forEach(new ArrayList<>(), visit);
  }

  private void forEach(List<PathElement> prefix, Consumer<List<PathElement>> visit) {
    for (PathElement m : members) {
      List<PathElement> p = new ArrayList<>(prefix);
      p.add(m);
      visit.accept(List.copyOf(p));
    }
    children.forEach((pe, c) -> {
      prefix.add(pe);
      c.forEach(prefix, visit);
      prefix.remove(prefix.size() - 1);
    });
  }

  public List<List<PathElement>> paths() {
    List<List<PathElement>> out = new ArrayList<>();
    forEach(out::add);
    return out;
  }

  /** The FieldsV1 form: one key per element, {@code {}} for a member, {@code "."} for a member with children. */
  public ObjectNode toFieldsV1() {
    ObjectNode out = Values.JSON.createObjectNode();
    write(out, false);
    return out;
  }

  private void write(ObjectNode out, boolean self) {
    if (self) {
      out.putObject(".");
    }
    // Members and children interleave in element order, as upstream emits them.
    TreeSet<PathElement> all = new TreeSet<>(members);
    all.addAll(children.keySet());
    for (PathElement pe : all) {
      ObjectNode node = out.putObject(pe.encode());
      FieldSet c = children.get(pe);
      if (c != null) {
        c.write(node, members.contains(pe));
      }
    }
  }

  /** Reads the FieldsV1 form; {@link IllegalArgumentException} when it is malformed. */
  public static FieldSet fromFieldsV1(JsonNode fields) {
    if (fields == null || fields.isNull()) {
      return new FieldSet();
    }
    if (!fields.isObject()) {
      throw new IllegalArgumentException("FieldsV1 must be a JSON object");
    }
    FieldSet out = new FieldSet();
    for (Map.Entry<String, JsonNode> e : fields.properties()) {
      if (e.getKey().equals(".")) {
        continue; // handled by the parent
      }
      PathElement pe = PathElement.decode(e.getKey());
      JsonNode v = e.getValue();
      if (!v.isObject()) {
        throw new IllegalArgumentException("FieldsV1 values must be objects at " + e.getKey());
      }
      if (v.isEmpty() || v.has(".")) {
        out.members.add(pe);
      }
      FieldSet c = fromFieldsV1(v);
      if (!c.isEmpty()) {
        out.children.put(pe, c);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet s && members.equals(s.members) && children.equals(s.children);
  }

  @Override
  public int hashCode() {
    return members.hashCode() * 31 + children.hashCode();
  }

  @Override
  public String toString() {
    return toFieldsV1().toString();
  }
}
