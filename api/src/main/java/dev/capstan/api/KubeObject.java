package dev.capstan.api;

import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Kubernetes object as a JSON tree, like upstream's unstructured objects: built-in kinds and custom
 * resources travel the same path, and fields the server does not know are kept unless pruned on purpose.
 *
 * <p>Mutable and not thread-safe: an object belongs to one request at a time. Copy with {@link #deepCopy}
 * before changing an object that others may hold (a cached one, say).
 */
public final class KubeObject {
  private final ObjectNode node;

  private KubeObject(ObjectNode node) {
    this.node = Objects.requireNonNull(node, "node");
  }

  /** Wraps {@code node} without copying it. */
  public static KubeObject wrap(ObjectNode node) {
    return new KubeObject(node);
  }

  /** The underlying tree; changes to it change this object. */
  public ObjectNode node() {
    return node;
  }

  public KubeObject deepCopy() {
    return new KubeObject(node.deepCopy());
  }

  public String apiVersion() {
    return text(node, "apiVersion");
  }

  public String kind() {
    return text(node, "kind");
  }

  /** The {@code metadata} object, created when absent. */
  public ObjectNode metadata() {
    JsonNode m = node.get("metadata");
    if (m instanceof ObjectNode o) {
      return o;
    }
    return node.putObject("metadata");
  }

  public String name() {
    return text(node.get("metadata"), "name");
  }

  public String namespace() {
    return text(node.get("metadata"), "namespace");
  }

  public String generateName() {
    return text(node.get("metadata"), "generateName");
  }

  public String uid() {
    return text(node.get("metadata"), "uid");
  }

  public String resourceVersion() {
    return text(node.get("metadata"), "resourceVersion");
  }

  /** Sets {@code metadata.resourceVersion}, or removes it when {@code rv} is empty. */
  public void setResourceVersion(String rv) {
    if (rv.isEmpty()) {
      metadata().remove("resourceVersion");
    } else {
      metadata().put("resourceVersion", rv);
    }
  }

  public boolean hasDeletionTimestamp() {
    return !text(node.get("metadata"), "deletionTimestamp").isEmpty();
  }

  @Override
  public String toString() {
    return node.toString();
  }

  private static String text(JsonNode parent, String field) {
    if (parent == null) {
      return "";
    }
    JsonNode v = parent.get(field);
    return v == null || !v.isString() ? "" : v.asString();
  }
}
