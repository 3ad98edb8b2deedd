package dev.capstan.server.registry;

/**
 * Conditions a write checks against the current object, as upstream's {@code metav1.Preconditions}.
 *
 * @param uid the object's uid must be this one ("" for any)
 * @param resourceVersion the object's resourceVersion must be this one ("" for any)
 */
public record Preconditions(String uid, String resourceVersion) {
  public static final Preconditions NONE = new Preconditions("", "");

  public Preconditions {
    uid = uid == null ? "" : uid;
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
  }
}
