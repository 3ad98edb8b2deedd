package dev.capstan.server.registry;

import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.sqlite.SqliteStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteObjectStoreTest extends ObjectStoreContractTest {
  @TempDir
  Path dir;

  @Override
  protected KvStore openKv() {
    return SqliteStores.open(dir.resolve("state.db"));
  }
}
