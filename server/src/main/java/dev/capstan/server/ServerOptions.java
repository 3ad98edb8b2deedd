package dev.capstan.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to run a server; the command line's {@code server} options.
 *
 * @param securePort 0 picks a free port
 * @param tlsSans extra names and addresses for the serving certificate
 * @param verbosity like kube-apiserver's {@code -v}
 */
public record ServerOptions(Path dataDir, String bindAddress, int securePort, StorageKind storage,
    List<String> etcdServers, List<String> tlsSans, int verbosity) {
  public ServerOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(storage, "storage");
    etcdServers = List.copyOf(etcdServers);
    tlsSans = List.copyOf(tlsSans);
    if (securePort < 0 || securePort > 65535) {
      throw new IllegalArgumentException("--secure-port must be between 0 and 65535, not " + securePort);
    }
    if (storage == StorageKind.ETCD && etcdServers.isEmpty()) {
      throw new IllegalArgumentException("--storage etcd needs --etcd-servers");
    }
  }
}
