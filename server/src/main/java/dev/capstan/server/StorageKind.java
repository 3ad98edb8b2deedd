package dev.capstan.server;

import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.etcd.EtcdStores;
import dev.capstan.server.storage.memory.MemoryStores;
import dev.capstan.server.storage.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.List;

/** The storage backends the command line offers. */
public enum StorageKind {
  SQLITE, ETCD, MEMORY;

  /** Opens this backend: SQLite in {@code <dataDir>/state.db}, etcd at the given endpoints. */
  public KvStore open(Path dataDir, List<String> etcdServers) {
    return switch (this) {
      case SQLITE -> SqliteStores.open(dataDir.resolve("state.db"));
      case ETCD -> EtcdStores.open(etcdServers);
      case MEMORY -> MemoryStores.open();
    };
  }
}
