package dev.capstan.embedded;

import dev.capstan.server.Capstan;
import dev.capstan.server.ServerOptions;
import dev.capstan.server.StorageKind;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Capstan API server inside the calling JVM, for operator and controller tests: HTTPS on a free loopback
 * port, x509 admin credentials, memory (default) or SQLite storage in a temporary directory that
 * {@link #close} removes. Unlike a mock, it validates, defaults, watches and answers errors as a cluster does.
 *
 * <pre>{@code
 * try (EmbeddedCapstan capstan = EmbeddedCapstan.start();
 *      KubernetesClient client = capstan.newClient()) {
 *   client.configMaps().inNamespace("default").resource(cm).create();
 * }
 * }</pre>
 */
public final class EmbeddedCapstan implements AutoCloseable {
  private final Capstan server;
  private final Path dataDir;
  private final boolean ownsDataDir;

  private EmbeddedCapstan(Capstan server, Path dataDir, boolean ownsDataDir) {
    this.server = server;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
  }

  /** Starts a server with memory storage in a fresh temporary directory. */
  public static EmbeddedCapstan start() {
    return start(StorageKind.MEMORY, null);
  }

  /**
   * Starts a server.
   *
   * @param storage {@link StorageKind#MEMORY} or {@link StorageKind#SQLITE}
   * @param dataDir where the PKI, kubeconfig and SQLite file live; null for a temporary directory removed on close
   */
  public static EmbeddedCapstan start(StorageKind storage, Path dataDir) {
    if (storage == StorageKind.ETCD) {
      throw new IllegalArgumentException("the embedded server runs on memory or sqlite storage");
    }
    boolean owns = dataDir == null;
    try {
      Path dir = owns ? Files.createTempDirectory("capstan-") : dataDir;
      try {
        Capstan server = Capstan.start(new ServerOptions(dir, "127.0.0.1", 0, storage, List.of(), List.of(), 0),
            Clock.systemUTC());
        return new EmbeddedCapstan(server, dir, owns);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        if (owns) {
          deleteTree(dir);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded Capstan server could not start", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the embedded Capstan server could not create its certificates", e);
    }
  }

  /** A new fabric8 client with the cluster admin's credentials; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The fabric8 configuration of the cluster admin, from the server's kubeconfig. */
  public Config config() {
    try {
      return Config.fromKubeconfig(Files.readString(server.kubeconfig()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API server's URL, e.g. {@code https://127.0.0.1:41237}. */
  public String url() {
    return server.url();
  }

  /** The admin kubeconfig, for kubectl or other clients. */
  public Path kubeconfig() {
    return server.kubeconfig();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      if (ownsDataDir) {
        deleteTree(dataDir);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + dir, e);
    }
  }
}
