package dev.capstan.server.storage;

import java.util.Objects;

/**
 * One change seen by a watch.
 *
 * @param kv for PUT the new version; for DELETE the deleted key with its last value and the deletion's
 *     revision as mod revision
 * @param prevKv the version before this change, or null when the key was created (or history is gone)
 */
public record KvEvent(Type type, KeyValue kv, KeyValue prevKv) {
  public enum Type { PUT, DELETE }

  public KvEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kv, "kv");
  }

  public long revision() {
    return kv.modRevision();
  }

  /** True when a PUT created the key rather than replaced it. */
  public boolean isCreate() {
    return type == Type.PUT && kv.createRevision() == kv.modRevision();
  }
}
