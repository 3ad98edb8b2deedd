package dev.capstan.server.storage.etcd;

import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.StorageException;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.List;

/** Opens stores backed by an etcd cluster. */
public final class EtcdStores {
  private EtcdStores() {}

  /**
   * Connects to etcd and checks that it answers.
   *
   * @param endpoints client URLs, e.g. {@code http://127.0.0.1:2379}
   * @throws StorageException {@code UNAVAILABLE} when etcd does not answer
   */
  public static KvStore open(List<String> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one etcd endpoint is required");
    }
    Client client = Client.builder()
        .endpoints(endpoints.toArray(String[]::new))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    KvStore store = new EtcdKvStore(client);
    try {
      store.currentRevision();
    } catch (StorageException e) {
      store.close();
      throw StorageException.unavailable("cannot reach etcd at " + String.join(",", endpoints) + ": "
          + e.getMessage(), e);
    }
    return store;
  }
}
