package dev.capstan.server.watchcache;

import dev.capstan.api.KubeObject;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * One change to one object, as watchers receive it. Shared by every watcher: the object must not be changed,
 * and its JSON is produced once however many watchers send it.
 */
public final class CacheEvent {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Upstream's watch event types. */
  public enum Type { ADDED, MODIFIED, DELETED }

  private final Type type;
  private final String key;
  private final KubeObject object;
  private final KubeObject previous;
  private final long revision;
  private volatile byte[] json;

  CacheEvent(Type type, String key, KubeObject object, KubeObject previous, long revision) {
    this.type = Objects.requireNonNull(type);
    this.key = key;
    this.object = Objects.requireNonNull(object);
    this.previous = previous;
    this.revision = revision;
  }

  public Type type() {
    return type;
  }

  public String key() {
    return key;
  }

  /** The object after the change; for DELETED, its last state with the deletion's resourceVersion. Read-only. */
  public KubeObject object() {
    return object;
  }

  /** The object before the change, or null for ADDED. Read-only. */
  public KubeObject previous() {
    return previous;
  }

  public long revision() {
    return revision;
  }

  /** The object as JSON, encoded on first use and then shared. */
  public byte[] objectJson() {
    byte[] j = json;
    if (j == null) {
      j = JSON.writeValueAsBytes(object.node());
      json = j;
    }
    return j;
  }
}
