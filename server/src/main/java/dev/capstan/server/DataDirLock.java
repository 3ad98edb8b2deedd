package dev.capstan.server;

import dev.capstan.server.pki.SecureFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * An exclusive lock on a data directory, held for a process's lifetime: the SQLite store and the PKI files are
 * single-process, so a second server on the same directory must fail at once with a clear message rather than
 * corrupt the first one's state. The operating system releases the lock when the process dies, even by SIGKILL.
 */
public final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Creates the directory (owner-only) if needed and locks it. @throws IOException naming the holder */
  public static DataDirLock acquire(Path dataDir) throws IOException {
    SecureFiles.ownerOnlyDirectory(dataDir);
    Path file = dataDir.resolve("capstan.lock");
    FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
      throw new IOException("data directory " + dataDir.toAbsolutePath() + " is in use by another Capstan process"
          + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; stop it or choose another --data-dir");
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return new DataDirLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
