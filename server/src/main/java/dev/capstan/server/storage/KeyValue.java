package dev.capstan.server.storage;

import java.util.Objects;

/**
 * One version of one key. The {@code value} array is shared, never copied: neither side may mutate it.
 *
 * @param createRevision the revision that created the key
 * @param modRevision the revision of this version (for a deletion, the deletion's revision)
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
