package dev.capstan.api;

/**
 * The {@code details} of a Kubernetes {@code Status}. Empty strings are omitted when rendered, as upstream
 * omits empty fields.
 *
 * @param name the object's name, or ""
 * @param group the API group, or ""
 * @param kind the kind or resource, or ""
 * @param uid the object's uid, or null
 * @param retryAfterSeconds how long a client should wait before retrying, 0 when not said
 */
public record StatusDetails(String name, String group, String kind, String uid, int retryAfterSeconds) {
  public StatusDetails {
    name = name == null ? "" : name;
    group = group == null ? "" : group;
    kind = kind == null ? "" : kind;
  }

  public StatusDetails(String name, String group, String kind, String uid) {
    this(name, group, kind, uid, 0);
  }
}
