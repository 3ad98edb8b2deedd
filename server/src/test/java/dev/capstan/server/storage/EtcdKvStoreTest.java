package dev.capstan.server.storage;

import dev.capstan.server.storage.etcd.EtcdStores;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdKvStoreTest extends KvStoreContractTest {
  @RegisterExtension
  static final EtcdServer ETCD = new EtcdServer();

  @Override
  protected KvStore openStore() {
    return EtcdStores.open(List.of(ETCD.endpoint()));
  }
}
