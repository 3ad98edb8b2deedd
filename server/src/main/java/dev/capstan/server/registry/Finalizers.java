package dev.capstan.server.registry;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** The finalizers of an object, and the two the garbage collector owns. */
final class Finalizers {
  static final String ORPHAN = "orphan";
  static final String FOREGROUND = "foregroundDeletion";

  private Finalizers() {}

  static List<String> of(KubeObject o) {
    List<String> out = new ArrayList<>();
    o.metadata().path("finalizers").forEach(f -> out.add(f.asString("")));
    return out;
  }

  static boolean any(KubeObject o) {
    return !o.metadata().path("finalizers").isEmpty();
  }

  static void set(KubeObject o, List<String> finalizers) {
    if (finalizers.isEmpty()) {
      o.metadata().remove("finalizers");
      return;
    }
    ArrayNode out = o.metadata().putArray("finalizers");
    finalizers.forEach(out::add);
  }

  /**
   * The finalizers after a delete with the given propagation: an explicit policy sets the collector's finalizer
   * it asks for and drops the other; without one, an object already marked keeps its marks and others get the
   * kind's default.
   */
  static List<String> forDelete(KubeObject o, String propagation, boolean orphanByDefault) {
    List<String> out = of(o);
    String wanted = switch (propagation) {
      case "Orphan" -> ORPHAN;
      case "Foreground" -> FOREGROUND;
      case "Background" -> "";
      default -> out.contains(ORPHAN) || out.contains(FOREGROUND) ? null : orphanByDefault ? ORPHAN : "";
    };
    if (wanted == null) {
      return out;
    }
    out.remove(ORPHAN);
    out.remove(FOREGROUND);
    if (!wanted.isEmpty()) {
      out.add(wanted);
    }
    return out;
  }

  /** Upstream's rule: an object being deleted may lose finalizers but not gain new ones. */
  static List<FieldError> checkUpdate(KubeObject next, KubeObject current) {
    if (!current.hasDeletionTimestamp()) {
      return List.of();
    }
    Set<String> added = new LinkedHashSet<>(of(next));
    added.removeAll(of(current));
    if (added.isEmpty()) {
      return List.of();
    }
    return List.of(FieldError.forbidden("metadata.finalizers", "no new finalizers can be added if the object is "
        + "being deleted, found new finalizers " + goStrings(added)));
  }

  private static String goStrings(Set<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add(FieldError.goQuote(v)));
    return "[]string{" + String.join(", ", quoted) + "}";
  }

  static boolean has(JsonNode meta, String finalizer) {
    for (JsonNode f : meta.path("finalizers")) {
      if (finalizer.equals(f.asString(""))) {
        return true;
      }
    }
    return false;
  }
}
