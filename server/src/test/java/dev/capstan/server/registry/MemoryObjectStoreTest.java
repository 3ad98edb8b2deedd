package dev.capstan.server.registry;

import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.memory.MemoryStores;

class MemoryObjectStoreTest extends ObjectStoreContractTest {
  @Override
  protected KvStore openKv() {
    return MemoryStores.open();
  }
}
