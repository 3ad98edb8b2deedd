package dev.capstan.server.storage;

import dev.capstan.server.storage.memory.MemoryStores;

class MemoryKvStoreTest extends KvStoreContractTest {
  @Override
  protected KvStore openStore() {
    return MemoryStores.open();
  }
}
