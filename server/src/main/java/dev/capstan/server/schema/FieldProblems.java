package dev.capstan.server.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What upstream's strict decoding reports about a body: fields its schema does not declare ({@code unknown field
 * "spec.foo"}) and keys an object repeats ({@code duplicate field "spec.paused"}), with upstream's paths
 * ({@code spec.template.spec.containers[0].name}). Unknown fields are also what typed decoding drops, so
 * {@link #prune} removes them.
 */
public final class FieldProblems {
  private FieldProblems() {}

  /**
   * Duplicates and unknown fields of a JSON body in document order, as upstream reports a created or replaced
   * object; a key both unknown and repeated counts once, as unknown. {@code schema} null finds duplicates only.
   */
  public static List<String> inDocument(JsonParser parser, Schema schema) {
    List<String> out = new ArrayList<>();
    JsonToken t = parser.nextToken();
    if (t != null) {
      walk(parser, schema, "", out);
    }
    return out;
  }

  /** Repeated keys of a YAML body as upstream's YAML decoder words them: {@code line 5: key "name" already set in map}. */
  public static List<String> yamlDuplicates(JsonParser parser) {
    List<String> out = new ArrayList<>();
    List<Set<String>> open = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
      switch (t) {
        case START_OBJECT -> open.add(new HashSet<>());
        case END_OBJECT -> open.remove(open.size() - 1);
        case PROPERTY_NAME -> {
          if (!open.get(open.size() - 1).add(parser.currentName())) {
            out.add("line " + parser.currentTokenLocation().getLineNr() + ": key \"" + parser.currentName()
                + "\" already set in map");
          }
        }
        default -> { }
      }
    }
    return out;
  }

  /**
   * Removes the fields of {@code object} that {@code schema} does not declare and answers their paths, keys visited
   * in sorted order: the order upstream reports them in for a patched object or a YAML body.
   */
  public static List<String> prune(ObjectNode object, Schema schema) {
    List<String> out = new ArrayList<>();
    prune(object, schema, "", out);
    return out;
  }

  private static void walk(JsonParser p, Schema schema, String path, List<String> out) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Set<String> seen = new HashSet<>();
      for (JsonToken k = p.nextToken(); k == JsonToken.PROPERTY_NAME; k = p.nextToken()) {
        String name = p.currentName();
        String at = path.isEmpty() ? name : path + "." + name;
        p.nextToken();
        Schema child = child(schema, name);
        if (child == null && checks(schema)) {
          if (seen.add(name)) {
            out.add("unknown field \"" + at + "\"");
          }
          p.skipChildren();
          continue;
        }
        if (!seen.add(name)) {
          out.add("duplicate field \"" + at + "\"");
        }
        walk(p, child, at, out);
      }
    } else if (t == JsonToken.START_ARRAY) {
      Schema items = schema != null && schema.type() == Schema.Type.LIST ? schema.items() : null;
      int i = 0;
      for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY && v != null; v = p.nextToken()) {
        walk(p, items, path + "[" + i++ + "]", out);
      }
    }
  }

  private static void prune(JsonNode node, Schema schema, String path, List<String> out) {
    if (schema == null) {
      return;
    }
    if (node instanceof ObjectNode o) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      o.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        Schema child = child(schema, e.getKey());
        if (child == null && checks(schema)) {
          out.add("unknown field \"" + at + "\"");
          o.remove(e.getKey());
        } else {
          prune(e.getValue(), child, at, out);
        }
      }
    } else if (node instanceof ArrayNode a && schema.type() == Schema.Type.LIST) {
      Iterator<JsonNode> it = a.iterator();
      for (int i = 0; it.hasNext(); i++) {
        prune(it.next(), schema.items(), path + "[" + i + "]", out);
      }
    }
  }

  /** True when {@code schema} declares every field its objects may have. */
  private static boolean checks(Schema schema) {
    return schema != null && schema.type() == Schema.Type.OBJECT && !schema.preserveUnknownFields();
  }

  /** The node of field {@code name} in an object of {@code schema}; null when unknown or not checked. */
  private static Schema child(Schema schema, String name) {
    if (schema == null) {
      return null;
    }
    return switch (schema.type()) {
      case OBJECT -> schema.property(name);
      case MAP -> schema.values();
      default -> null;
    };
  }
}
