package dev.capstan.server.storage;

import java.util.Objects;

/** A storage failure with a reason callers switch on; translated to an API {@code Status} in one place. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** The key does not exist. */
    KEY_NOT_FOUND,
    /** A create found the key already present. */
    KEY_EXISTS,
    /** A conditional write found a different mod revision. */
    CONFLICT,
    /** The requested revision is older than the compacted revision. */
    COMPACTED,
    /** The requested revision is newer than the store's current revision. */
    FUTURE_REVISION,
    /** The key and value exceed {@link KvStore#MAX_REQUEST_BYTES}. */
    TOO_LARGE,
    /** The backend cannot be reached or has failed. */
    UNAVAILABLE,
    /** The backend did not answer in time; the write may or may not have happened. */
    TIMEOUT,
    /** The store was closed. */
    CLOSED
  }

  private final Reason reason;
  private final String key;
  private final transient KeyValue current;
  private final long revision;

  private StorageException(Reason reason, String key, String message, KeyValue current, long revision,
      Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason);
    this.key = key == null ? "" : key;
    this.current = current;
    this.revision = revision;
  }

  public static StorageException notFound(String key) {
    return new StorageException(Reason.KEY_NOT_FOUND, key, "key not found: " + key, null, 0, null);
  }

  public static StorageException exists(String key) {
    return new StorageException(Reason.KEY_EXISTS, key, "key already exists: " + key, null, 0, null);
  }

  /** A conditional write lost; {@code current} is the value that won. */
  public static StorageException conflict(String key, KeyValue current) {
    return new StorageException(Reason.CONFLICT, key, "key " + key + " was modified: mod revision is now "
        + current.modRevision(), current, current.modRevision(), null);
  }

  /** @param compactedRevision the compacted revision, or 0 when the backend did not say */
  public static StorageException compacted(long requested, long compactedRevision) {
    return new StorageException(Reason.COMPACTED, "", "required revision " + requested + " has been compacted"
        + (compactedRevision > 0 ? " (compacted revision " + compactedRevision + ")" : ""), null, compactedRevision,
        null);
  }

  /** @param currentRevision the current revision, or 0 when the backend did not say */
  public static StorageException futureRevision(long requested, long currentRevision) {
    return new StorageException(Reason.FUTURE_REVISION, "", "required revision " + requested
        + " is a future revision" + (currentRevision > 0 ? " (current revision " + currentRevision + ")" : ""),
        null, currentRevision, null);
  }

  public static StorageException tooLarge(String key, long bytes) {
    return new StorageException(Reason.TOO_LARGE, key, "request is too large: key " + key + " with its value is "
        + bytes + " bytes, the limit is " + KvStore.MAX_REQUEST_BYTES + " bytes", null, 0, null);
  }

  public static StorageException unavailable(String message, Throwable cause) {
    return new StorageException(Reason.UNAVAILABLE, "", message, null, 0, cause);
  }

  public static StorageException timeout(String message, Throwable cause) {
    return new StorageException(Reason.TIMEOUT, "", message, null, 0, cause);
  }

  public static StorageException closed() {
    return new StorageException(Reason.CLOSED, "", "storage is closed", null, 0, null);
  }

  /** Checks the size of a write before it is sent, so every backend refuses the same requests. */
  public static void checkSize(String key, byte[] value) {
    long bytes = (long) key.length() + value.length;
    if (bytes > KvStore.MAX_REQUEST_BYTES) {
      throw tooLarge(key, bytes);
    }
  }

  public Reason reason() {
    return reason;
  }

  public String key() {
    return key;
  }

  /** For {@code CONFLICT}, the value that won; otherwise null. */
  public KeyValue current() {
    return current;
  }

  /** For {@code COMPACTED} the compacted revision, for {@code FUTURE_REVISION} the current one, else 0. */
  public long revision() {
    return revision;
  }
}
