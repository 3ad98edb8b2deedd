package dev.capstan.server.storage.sqlite;

import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;

/** Opens SQLite stores. */
public final class SqliteStores {
  private SqliteStores() {}

  /**
   * Opens (creating when absent) the store in {@code file}. Only one process may have a file open: the caller
   * holds a lock on the directory.
   *
   * @throws StorageException {@code UNAVAILABLE} when the file cannot be opened or is not a Capstan store
   */
  public static KvStore open(Path file) {
    try {
      if (!Files.exists(file)) {
        // SQLite gives its -wal and -shm files the database file's mode, so this keeps all three owner-only.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      return new SqliteKvStore(file);
    } catch (IOException e) {
      throw StorageException.unavailable("cannot create sqlite store " + file + ": " + e.getMessage(), e);
    } catch (SQLException e) {
      throw StorageException.unavailable("cannot open sqlite store " + file + ": " + e.getMessage(), e);
    }
  }
}
