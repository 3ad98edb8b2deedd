package dev.capstan.api;

import java.util.List;

/**
 * The {@code details} of a Kubernetes {@code Status}. Empty strings are omitted when rendered, as upstream
 * omits empty fields.
 *
 * @param name the object's name, or ""
 * @param group the API group, or ""
 * @param kind the kind or resource, or ""
 * @param uid the object's uid, or null
 * @param retryAfterSeconds how long a client should wait before retrying, 0 when not said
 * @param causes the individual problems, e.g. one per invalid field
 */
public record StatusDetails(String name, String group, String kind, String uid, int retryAfterSeconds,
    List<Cause> causes) {
  public StatusDetails {
    name = name == null ? "" : name;
    group = group == null ? "" : group;
    kind = kind == null ? "" : kind;
    causes = causes == null ? List.of() : List.copyOf(causes);
  }

  public StatusDetails(String name, String group, String kind, String uid) {
    this(name, group, kind, uid, 0, List.of());
  }

  public StatusDetails(String name, String group, String kind, String uid, int retryAfterSeconds) {
    this(name, group, kind, uid, retryAfterSeconds, List.of());
  }

  /**
   * One {@code StatusCause}.
   *
   * @param reason e.g. {@code FieldValueInvalid}
   * @param field e.g. {@code metadata.name}; "" when not about one field
   */
  public record Cause(String reason, String message, String field) {}
}
