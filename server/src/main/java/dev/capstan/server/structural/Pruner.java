package dev.capstan.server.structural;

import dev.capstan.server.validation.FieldPaths;
import dev.capstan.server.schema.FieldProblems;
import dev.capstan.server.schema.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's two passes that drop unknown fields of a custom resource, in its order: structural pruning of
 * everything but resources' apiVersion, kind and metadata (paths sorted), then the ObjectMeta decoding of the
 * root's and embedded resources' metadata (its paths sorted, after the first ones).
 */
final class Pruner {
  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private final Schema objectMeta;
  private final List<String> pruned = new ArrayList<>();
  private final List<String> metadata = new ArrayList<>();

  private Pruner(Schema objectMeta) {
    this.objectMeta = objectMeta;
  }

  /** Removes the unknown fields of {@code object} in place and answers their paths in upstream's order. */
  static List<String> prune(ObjectNode object, Node root, Schema objectMeta) {
    Pruner p = new Pruner(objectMeta);
    p.prune(object, root, "", true);
    Collections.sort(p.pruned);
    Collections.sort(p.metadata);
    List<String> all = new ArrayList<>(p.pruned);
    all.addAll(p.metadata);
    return all;
  }

  /** @param resource true for the root and embedded resources, whose type and metadata fields this pass skips */
  private void prune(JsonNode x, Node s, String path, boolean resource) {
    if (s != null && s.preserveUnknownFields) {
      keepUnknown(x, s, path, resource);
      return;
    }
    if (x instanceof ObjectNode o) {
      for (String k : keys(o)) {
        String at = FieldPaths.child(path, k);
        if (s == null) {
          pruned.add(at);
          o.remove(k);
        } else if (resource && META_FIELDS.contains(k)) {
          metadata(o, k, path);
        } else if (s.properties.containsKey(k)) {
          Node p = s.properties.get(k);
          prune(o.get(k), p, at, p.embeddedResource);
        } else if (s.additionalProperties != null) {
          prune(o.get(k), s.additionalProperties, at, s.additionalProperties.embeddedResource);
        } else {
          pruned.add(at);
          o.remove(k);
        }
      }
    } else if (x instanceof ArrayNode a) {
      Node items = s == null ? null : s.items;
      for (int i = 0; i < a.size(); i++) {
        prune(a.get(i), items, FieldPaths.index(path, i), items != null && items.embeddedResource);
      }
    }
  }

  /** Under x-kubernetes-preserve-unknown-fields: declared fields are still pruned inside, the rest is kept. */
  private void keepUnknown(JsonNode x, Node s, String path, boolean resource) {
    if (x instanceof ObjectNode o) {
      for (String k : keys(o)) {
        String at = FieldPaths.child(path, k);
        if (resource && META_FIELDS.contains(k)) {
          metadata(o, k, path);
        } else if (s.properties.containsKey(k)) {
          Node p = s.properties.get(k);
          prune(o.get(k), p, at, p.embeddedResource);
        } else if (s.additionalProperties != null) {
          prune(o.get(k), s.additionalProperties, at, s.additionalProperties.embeddedResource);
        }
      }
    } else if (x instanceof ArrayNode a && s.items != null) {
      for (int i = 0; i < a.size(); i++) {
        keepUnknown(a.get(i), s.items, FieldPaths.index(path, i), s.items.embeddedResource);
      }
    }
  }

  /** A resource's metadata keeps what ObjectMeta declares; apiVersion and kind are kept as they are. */
  private void metadata(ObjectNode resource, String k, String path) {
    if (!k.equals("metadata") || !(resource.get(k) instanceof ObjectNode)) {
      return;
    }
    ObjectNode holder = JsonNodeFactory.instance.objectNode();
    holder.set("metadata", resource.get(k));
    Schema shape = Schema.builder(Schema.Type.OBJECT)
        .properties(java.util.Map.of("metadata", objectMeta)).build();
    for (String message : FieldProblems.prune(holder, shape)) {
      // FieldProblems words each as: unknown field "metadata.x"
      String inner = message.substring(message.indexOf('"') + 1, message.lastIndexOf('"'));
      metadata.add(path.isEmpty() ? inner : path + "." + inner);
    }
  }

  private static List<String> keys(ObjectNode o) {
    List<String> keys = new ArrayList<>();
    o.propertyNames().forEach(keys::add);
    return keys;
  }
}
