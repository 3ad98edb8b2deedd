package dev.capstan.server.storage;

import java.util.Optional;

/**
 * A key-value store with etcd's semantics, the only thing a storage backend implements.
 *
 * <p>Every successful write gets the next value of one global, strictly increasing revision; that revision
 * is the {@code resourceVersion} clients see. Writes are conditional on a key's mod revision, so concurrent
 * writers never lose an update: one wins and the others get {@link StorageException.Reason#CONFLICT}.
 *
 * <p>Implementations are thread-safe. Byte arrays passed in are not retained beyond the call unless stated,
 * and byte arrays returned must not be mutated. Every failure is a {@link StorageException} with a reason.
 * A write acknowledged by a successful return is durable to the degree the backend promises (SQLite: fsynced;
 * etcd: committed to a quorum; memory: until close).
 */
public interface KvStore extends AutoCloseable {

  /**
   * The largest request a store accepts for one key and value together: etcd's default
   * {@code --max-request-bytes} (1.5 MiB). Upstream maps a larger one to 413.
   */
  int MAX_REQUEST_BYTES = 1_572_864;

  /** The revision of the latest committed write (0 for an empty, never written store). */
  long currentRevision();

  /** The current value of a key, or empty when it does not exist. */
  Optional<KeyValue> get(String key);

  /**
   * The keys with the given prefix in ascending byte order, as they were at {@code atRevision}.
   *
   * @param atRevision the revision to read at; 0 means the current one. The page records the revision it was
   *     read at, so a caller continues at exactly that revision and sees one consistent snapshot.
   * @param startAfter return only keys greater than this one ("" from the start); the continue token
   * @param limit the most keys to return; 0 means no limit
   * @throws StorageException {@code COMPACTED} when {@code atRevision} is older than the compacted revision,
   *     {@code FUTURE_REVISION} when it is newer than the current one
   */
  Page range(String prefix, long atRevision, String startAfter, int limit);

  /** Creates a key that must not exist. @throws StorageException {@code KEY_EXISTS}, {@code TOO_LARGE} */
  KeyValue create(String key, byte[] value);

  /**
   * Replaces a key's value if its mod revision is still {@code expectedModRevision}.
   *
   * @throws StorageException {@code CONFLICT} (carrying the current value) when it has changed,
   *     {@code KEY_NOT_FOUND} when the key does not exist, {@code TOO_LARGE}
   */
  KeyValue update(String key, long expectedModRevision, byte[] value);

  /**
   * Deletes a key if its mod revision is still {@code expectedModRevision}.
   *
   * @return the deleted value; its mod revision is the deletion's revision
   * @throws StorageException {@code CONFLICT} (carrying the current value), {@code KEY_NOT_FOUND}
   */
  KeyValue delete(String key, long expectedModRevision);

  /**
   * Watches the keys with a prefix for every change after {@code afterRevision}, in revision order, with
   * previous values. Events already committed after that revision are replayed first, then live ones follow
   * with no gap. The listener is called from one thread at a time per watch and must return quickly.
   *
   * <p>A watch from a compacted revision ends with {@link KvWatch.Listener#onError} and reason
   * {@code COMPACTED}; so does any other failure that ends the watch.
   *
   * @param afterRevision deliver events with a revision greater than this; {@link #currentRevision()} to see
   *     only new changes
   */
  KvWatch watch(String prefix, long afterRevision, KvWatch.Listener listener);

  /**
   * True when every watch hears of each committed revision, matching or not ({@link KvWatch.Listener#onProgress}),
   * so a cache fed by a watch can tell it is current and serve consistent reads.
   */
  default boolean notifiesProgress() {
    return false;
  }

  /**
   * Asks every watch to be told the store's current revision soon, for stores that report progress only on
   * request (etcd); the others report it with every commit and ignore this.
   */
  default void requestProgress() {}

  /**
   * Discards history at and before {@code revision}, keeping the value each key had then. Reads and watches
   * from older revisions fail with {@code COMPACTED} afterwards. Compacting to a revision at or before the
   * current compaction point does nothing.
   */
  void compact(long revision);

  /** The revision history has been compacted to (0 when never). */
  long compactedRevision();

  /** Releases the store; outstanding watches end. Never throws for an already closed store. */
  @Override
  void close();
}
