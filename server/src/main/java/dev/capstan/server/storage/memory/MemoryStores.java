package dev.capstan.server.storage.memory;

import dev.capstan.server.storage.KvStore;

/** Opens in-memory stores, for tests and embedded use that want no files. */
public final class MemoryStores {
  private MemoryStores() {}

  /** A new, empty store; its data is gone when it is closed or the process ends. */
  public static KvStore open() {
    return new MemoryKvStore();
  }
}
