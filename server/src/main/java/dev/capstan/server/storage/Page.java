package dev.capstan.server.storage;

import java.util.List;

/**
 * One page of a range read.
 *
 * @param kvs the keys in ascending order
 * @param revision the revision the page was read at; continue at exactly this revision
 * @param more true when keys after the last one exist at that revision
 */
public record Page(List<KeyValue> kvs, long revision, boolean more) {
  public Page {
    kvs = List.copyOf(kvs);
  }

  /** The key to pass as {@code startAfter} for the next page; "" when the page is empty. */
  public String lastKey() {
    return kvs.isEmpty() ? "" : kvs.get(kvs.size() - 1).key();
  }
}
