package dev.capstan.server.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes secrets owner-only: directories 0700, files 0600 from the moment they exist (never written first and
 * restricted after), replaced atomically so a crash leaves the old file or the new one, never half of one.
 */
public final class SecureFiles {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private SecureFiles() {}

  /** Creates the directory (and parents) if needed and restricts it to its owner. */
  public static Path ownerOnlyDirectory(Path dir) throws IOException {
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
    } catch (FileAlreadyExistsException e) {
      throw new IOException(dir + " exists and is not a directory", e);
    }
    Files.setPosixFilePermissions(dir, DIR);
    return dir;
  }

  /** Writes {@code text} to {@code file} with mode 0600, atomically replacing any previous content. */
  public static void writeOwnerOnly(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
    Files.write(tmp, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.SYNC);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
