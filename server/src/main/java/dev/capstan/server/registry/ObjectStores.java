package dev.capstan.server.registry;

import dev.capstan.api.GroupResource;
import dev.capstan.server.storage.KvStore;

/** Creates the typed store for one resource. */
public final class ObjectStores {
  private ObjectStores() {}

  public static ObjectStore over(KvStore kv, GroupResource resource) {
    return new KvObjectStore(kv, resource);
  }

  /** The object name in a storage key: its last segment, as errors name the object. */
  static String nameOf(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
