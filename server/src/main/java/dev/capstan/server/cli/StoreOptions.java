package dev.capstan.server.cli;

import dev.capstan.server.DataDirLock;
import dev.capstan.server.StorageKind;
import dev.capstan.server.storage.KvStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The data directory and store: shared by {@code server} and the storage commands. */
final class StoreOptions {
  @Option(names = "--data-dir", defaultValue = "./data", description = "State, PKI and admin.kubeconfig (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--storage", defaultValue = "sqlite", converter = StorageConverter.class,
      description = "sqlite, etcd or memory (default: ${DEFAULT-VALUE}).")
  StorageKind storage;

  @Option(names = "--etcd-servers", split = ",", description = "etcd client URLs, for --storage etcd.")
  List<String> etcdServers = new ArrayList<>();

  /** Runs {@code body} with the store open and, for SQLite, the data directory locked. */
  @SuppressWarnings("try") // the lock is held for the body's duration, never referenced
  int with(StorageCommand.StoreBody body) throws Exception {
    try (DataDirLock lock = storage == StorageKind.SQLITE ? DataDirLock.acquire(dataDir) : null;
         KvStore store = storage.open(dataDir, etcdServers)) {
      return body.run(store);
    }
  }
}

