package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.storage.KeyValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** How objects are stored: JSON without {@code resourceVersion}, which is the key's mod revision on read. */
public final class ObjectCodec {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ObjectCodec() {}

  /** The stored value as an object whose resourceVersion is the value's mod revision. */
  public static KubeObject decode(KeyValue k) {
    JsonNode node;
    try {
      node = JSON.readTree(k.value());
    } catch (JacksonException e) {
      throw ApiException.internal("stored object " + k.key() + " is not valid JSON");
    }
    if (!(node instanceof ObjectNode o)) {
      throw ApiException.internal("stored object " + k.key() + " is not a JSON object");
    }
    KubeObject object = KubeObject.wrap(o);
    object.setResourceVersion(Long.toString(k.modRevision()));
    return object;
  }

  /** The bytes to store: the object without its resourceVersion ({@code object} itself is not changed). */
  public static byte[] encode(KubeObject object) {
    KubeObject copy = object.deepCopy();
    copy.setResourceVersion("");
    return JSON.writeValueAsBytes(copy.node());
  }
}
