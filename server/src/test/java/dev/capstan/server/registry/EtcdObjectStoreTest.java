package dev.capstan.server.registry;

import dev.capstan.server.storage.EtcdServer;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.etcd.EtcdStores;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdObjectStoreTest extends ObjectStoreContractTest {
  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  @Override
  protected KvStore openKv() {
    return EtcdStores.open(List.of(ETCD.endpoint()));
  }
}
