package dev.capstan.server.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts upstream's Go types carry and fabric8's model classes lose, recorded once in {@code builtin-tags.tsv}:
 * list and map semantics ({@code +listType}, {@code +listMapKey}, {@code +mapType}, {@code +structType}), strategic
 * merge tags ({@code +patchStrategy}, {@code +patchMergeKey}), required fields, and the Go type of fields fabric8 turns
 * into plain strings ({@code metav1.Time}, {@code []byte}). Keyed by upstream definition name and JSON field name.
 * Immutable.
 *
 * <p>File format: one line per definition and field, three tab-separated columns: definition, field ({@code *} for
 * facts of the definition itself), and space-separated {@code key=value} facts. Lines starting with {@code #} and blank
 * lines are ignored. Keys: {@code listType} (atomic, set, map), {@code listMapKeys} (comma-separated),
 * {@code patchStrategy}, {@code patchMergeKey}, {@code mapType} and {@code structType} (atomic, or granular to
 * override the field type's own), {@code go} (Time, MicroTime, bytes), {@code default} (a string the field defaults to, which apply uses for an omitted
 * list-map key) for a field; {@code structType=atomic} and
 * {@code required} (comma-separated) for a definition.
 */
final class UpstreamTags {
  static final String RESOURCE = "builtin-tags.tsv";
  private static final Set<String> FIELD_KEYS =
      Set.of("listType", "listMapKeys", "patchStrategy", "patchMergeKey", "mapType", "structType", "go", "default");
  private static final Set<String> DEFINITION_KEYS = Set.of("structType", "required");

  /** The recorded facts of one field, or of a definition (field {@code *}). */
  record Facts(Map<String, String> values) {
    static final Facts NONE = new Facts(Map.of());

    Facts {
      values = Map.copyOf(values);
    }

    String get(String key) {
      return values.get(key);
    }

    List<String> list(String key) {
      String v = values.get(key);
      return v == null || v.isEmpty() ? List.of() : Arrays.asList(v.split(","));
    }
  }

  private final Map<String, Map<String, Facts>> byDefinition;

  private UpstreamTags(Map<String, Map<String, Facts>> byDefinition) {
    this.byDefinition = byDefinition;
  }

  /** The table shipped beside this class. */
  static UpstreamTags load() {
    try (InputStream in = UpstreamTags.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the table; a malformed line, an unknown key or a repeated definition and field fail loudly. */
  static UpstreamTags parse(String text) {
    Map<String, Map<String, Facts>> table = new HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int number = i + 1;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t");
      if (cols.length != 3) {
        throw new IllegalArgumentException(RESOURCE + ":" + number + ": want 3 tab-separated columns");
      }
      boolean definition = cols[1].equals("*");
      Map<String, String> facts = new LinkedHashMap<>();
      for (String pair : cols[2].trim().split(" +")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (eq < 0 || !(definition ? DEFINITION_KEYS : FIELD_KEYS).contains(key)) {
          throw new IllegalArgumentException(RESOURCE + ":" + number + ": unknown fact '" + pair + "'");
        }
        facts.put(key, pair.substring(eq + 1));
      }
      if ("map".equals(facts.get("listType")) && !facts.containsKey("listMapKeys")) {
        throw new IllegalArgumentException(RESOURCE + ":" + number + ": a map list needs listMapKeys");
      }
      if (table.computeIfAbsent(cols[0], d -> new HashMap<>()).put(cols[1], new Facts(facts)) != null) {
        throw new IllegalArgumentException(RESOURCE + ":" + number + ": repeats " + cols[0] + " " + cols[1]);
      }
    }
    return new UpstreamTags(table);
  }

  /** The facts of {@code field} of {@code definition}; {@link Facts#NONE} when nothing is recorded. */
  Facts field(String definition, String field) {
    return byDefinition.getOrDefault(definition, Map.of()).getOrDefault(field, Facts.NONE);
  }

  /** The facts of {@code definition} itself (its {@code *} line). */
  Facts definition(String definition) {
    return field(definition, "*");
  }

  /** The definitions with at least one recorded fact, for coverage checks. */
  Set<String> definitions() {
    return Set.copyOf(byDefinition.keySet());
  }
}
