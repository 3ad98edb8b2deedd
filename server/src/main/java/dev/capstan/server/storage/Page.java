package dev.capstan.server.storage;

import java.util.List;

/**
 * One page of a range read.
 *
 * @param kvs the keys in ascending order
 * @param revision the revision the page was read at; continue at exactly this revision
 * @param more true when keys after the last one exist at that revision
 * @param count how many keys the read's range held at that revision, from its start to the end of the prefix,
 *     those on the page included (etcd's {@code count}); {@code kvs.size()} when there are no more
 */
public record Page(List<KeyValue> kvs, long revision, boolean more, long count) {
  public Page {
    kvs = List.copyOf(kvs);
    if (count < kvs.size() || (!more && count != kvs.size())) {
      throw new IllegalArgumentException("count " + count + " does not fit a page of " + kvs.size()
          + (more ? " with more" : " without more"));
    }
  }

  /** The key to pass as {@code startAfter} for the next page; "" when the page is empty. */
  public String lastKey() {
    return kvs.isEmpty() ? "" : kvs.get(kvs.size() - 1).key();
  }
}
