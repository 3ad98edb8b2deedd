package dev.capstan.server.storage.etcd;

import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.StorageException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens stores backed by an etcd cluster. */
public final class EtcdStores {
  private static final long PROBE_SECONDS = 10;

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
    try {
      // A short first read, so a wrong address fails start-up in seconds rather than after retries.
      client.getKVClient().get(ByteSequence.from("/", StandardCharsets.UTF_8),
          GetOption.builder().withCountOnly(true).build()).get(PROBE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      throw StorageException.unavailable("interrupted while connecting to etcd", e);
    } catch (ExecutionException | TimeoutException e) {
      client.close();
      String why = e instanceof TimeoutException ? "no answer within " + PROBE_SECONDS + "s"
          : String.valueOf(e.getCause().getMessage());
      throw StorageException.unavailable("cannot reach etcd at " + String.join(",", endpoints) + ": " + why, e);
    }
    return new EtcdKvStore(client);
  }
}
