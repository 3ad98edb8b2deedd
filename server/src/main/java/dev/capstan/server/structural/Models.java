package dev.capstan.server.structural;

import dev.capstan.server.schema.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared {@link Schema} of a custom resource, shaped so that pruning ({@code FieldProblems.prune}) drops
 * exactly what upstream's structural pruning drops: declared fields are kept, an object that declares nothing and
 * does not preserve unknown fields keeps nothing, {@code x-kubernetes-preserve-unknown-fields} keeps undeclared
 * fields (and still prunes inside declared ones, also for the items of a preserving list), and the resource root
 * and every {@code x-kubernetes-embedded-resource} keep apiVersion and kind and have ObjectMeta as metadata.
 */
final class Models {
  private static final Schema STRING = Schema.builder(Schema.Type.STRING).build();

  private final Schema objectMeta;

  private Models(Schema objectMeta) {
    this.objectMeta = objectMeta;
  }

  static Schema build(Node root, Schema objectMeta) {
    return new Models(objectMeta).node(root, false, true);
  }

  /**
   * @param preserving true when the parent list preserves unknown fields, which upstream extends to its items
   * @param resource true for the root and embedded resources
   */
  private Schema node(Node s, boolean preserving, boolean resource) {
    boolean preserve = s.preserveUnknownFields || preserving;
    boolean embedded = resource || s.embeddedResource;
    Schema.Builder b;
    if (s.intOrString) {
      b = Schema.builder(Schema.Type.INT_OR_STRING);
    } else if (s.type().equals("array")) {
      b = Schema.builder(Schema.Type.LIST).items(s.items == null
          ? Schema.builder(Schema.Type.ANY).build() : node(s.items, preserve, false));
    } else if (s.additionalProperties != null && !embedded) {
      b = Schema.builder(Schema.Type.MAP).values(node(s.additionalProperties, false, false));
    } else if (s.type().equals("object") || !s.properties.isEmpty() || embedded) {
      if (preserve && s.properties.isEmpty() && !embedded) {
        b = Schema.builder(Schema.Type.ANY);
      } else {
        Map<String, Schema> fields = new LinkedHashMap<>();
        if (embedded) {
          fields.put("apiVersion", STRING);
          fields.put("kind", STRING);
          fields.put("metadata", objectMeta);
        }
        s.properties.forEach((name, p) -> {
          if (!(embedded && (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata")))) {
            fields.put(name, node(p, false, false));
          }
        });
        b = Schema.builder(Schema.Type.OBJECT).properties(() -> fields, Set.copyOf(s.required));
      }
    } else {
      b = Schema.builder(switch (s.type()) {
        case "string" -> Schema.Type.STRING;
        case "integer" -> Schema.Type.INTEGER;
        case "number" -> Schema.Type.NUMBER;
        case "boolean" -> Schema.Type.BOOLEAN;
        default -> Schema.Type.ANY;
      });
    }
    b.preserveUnknownFields(preserve).description(s.description == null ? "" : s.description);
    if (s.declaredFormat != null) {
      // The format as published (int32 and the like included), which OpenAPI shows though validation ignores it.
      b.format(s.declaredFormat);
    }
    if (s.defaultValue != null) {
      b.defaultValue(s.defaultValue);
    }
    if (s.listType != null) {
      b.listType(switch (s.listType) {
        case "set" -> Schema.ListType.SET;
        case "map" -> Schema.ListType.MAP;
        default -> Schema.ListType.ATOMIC;
      }, s.listType.equals("map") ? s.listMapKeys : List.of());
    }
    if ("atomic".equals(s.mapType)) {
      b.atomic(true);
    }
    return b.build();
  }
}
