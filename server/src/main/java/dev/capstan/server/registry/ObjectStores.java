package dev.capstan.server.registry;

import dev.capstan.api.GroupResource;
import dev.capstan.server.storage.KvStore;

/** Creates the typed store for one resource. */
public final class ObjectStores {
  private ObjectStores() {}

  public static ObjectStore over(KvStore kv, GroupResource resource) {
    return new KvObjectStore(kv, resource);
  }
}
