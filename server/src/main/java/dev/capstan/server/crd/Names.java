package dev.capstan.server.crd;

import dev.capstan.api.KubeObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's naming rule for CRDs of one group: a name (plural, singular, short names; kind, list kind) is
 * accepted when it is already this CRD's or no other CRD of the group has it accepted. A conflict keeps the name
 * accepted before and reports the last conflicting kind of name, as upstream does.
 */
final class Names {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Outcome(ObjectNode accepted, String status, String reason, String message) {}

  private Names() {}

  /** True when the spec's names are the accepted ones. */
  static boolean same(JsonNode wanted, JsonNode accepted) {
    return normal(wanted).equals(normal(accepted));
  }

  static Outcome decide(KubeObject crd, List<KubeObject> all) {
    String group = crd.node().path("spec").path("group").asString("");
    Set<String> resources = new HashSet<>();
    Set<String> kinds = new HashSet<>();
    for (KubeObject other : all) {
      if (!other.node().path("spec").path("group").asString("").equals(group)) {
        continue;
      }
      // Upstream reads every CRD of the group, this one included: its own accepted names count as taken.
      JsonNode a = other.node().path("status").path("acceptedNames");
      resources.add(a.path("plural").asString(""));
      resources.add(a.path("singular").asString(""));
      a.path("shortNames").forEach(s -> resources.add(s.asString("")));
      kinds.add(a.path("kind").asString(""));
      kinds.add(a.path("listKind").asString(""));
    }
    JsonNode wanted = crd.node().path("spec").path("names");
    JsonNode accepted = crd.node().path("status").path("acceptedNames");
    ObjectNode out = accepted.isObject() ? ((ObjectNode) accepted).deepCopy() : JSON.createObjectNode();
    String reason = null;
    String message = null;
    String[][] checks = {{"plural", "PluralConflict"}, {"singular", "SingularConflict"}};
    for (String[] c : checks) {
      String conflict = conflict(wanted.path(c[0]).asString(""), accepted.path(c[0]).asString(""), resources);
      if (conflict == null) {
        out.put(c[0], wanted.path(c[0]).asString(""));
      } else {
        reason = c[1];
        message = conflict;
      }
    }
    if (!strings(wanted.path("shortNames")).equals(strings(accepted.path("shortNames")))) {
      List<String> own = strings(accepted.path("shortNames"));
      List<String> errors = new ArrayList<>();
      for (String s : strings(wanted.path("shortNames"))) {
        if (own.contains(s) || s.equals(accepted.path("plural").asString(""))
            || s.equals(accepted.path("singular").asString(""))) {
          continue;
        }
        String conflict = conflict(s, "", resources);
        if (conflict != null) {
          errors.add(conflict);
        }
      }
      if (errors.isEmpty()) {
        if (wanted.path("shortNames").isArray()) {
          out.set("shortNames", wanted.path("shortNames").deepCopy());
        } else {
          out.remove("shortNames");
        }
      } else {
        reason = "ShortNamesConflict";
        message = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
      }
    }
    String[][] kindChecks = {{"kind", "KindConflict"}, {"listKind", "ListKindConflict"}};
    for (String[] c : kindChecks) {
      String conflict = conflict(wanted.path(c[0]).asString(""), accepted.path(c[0]).asString(""), kinds);
      if (conflict == null) {
        out.put(c[0], wanted.path(c[0]).asString(""));
      } else {
        reason = c[1];
        message = conflict;
      }
    }
    if (wanted.path("categories").isArray()) {
      out.set("categories", wanted.path("categories").deepCopy());
    } else {
      out.remove("categories");
    }
    if (reason == null) {
      return new Outcome(ordered(out), "True", "NoConflicts", "no conflicts found");
    }
    return new Outcome(ordered(out), "False", reason, message);
  }

  /** Null when {@code name} may be taken; otherwise upstream's complaint. */
  private static String conflict(String name, String accepted, Set<String> used) {
    if (name.equals(accepted) || !used.contains(name)) {
      return null;
    }
    return "\"" + name + "\" is already in use";
  }

  /** The names in upstream's field order (plural, singular, shortNames, kind, listKind, categories). */
  private static ObjectNode ordered(ObjectNode names) {
    ObjectNode out = JSON.createObjectNode();
    for (String field : List.of("plural", "singular", "shortNames", "kind", "listKind", "categories")) {
      if (names.has(field)) {
        out.set(field, names.get(field));
      }
    }
    return out;
  }

  private static ObjectNode normal(JsonNode names) {
    ObjectNode out = JSON.createObjectNode();
    for (String field : List.of("plural", "singular", "kind", "listKind")) {
      out.put(field, names.path(field).asString(""));
    }
    ArrayNode shortNames = out.putArray("shortNames");
    names.path("shortNames").forEach(shortNames::add);
    ArrayNode categories = out.putArray("categories");
    names.path("categories").forEach(categories::add);
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString("")));
    return out;
  }
}
