package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.GroupResource;
import dev.capstan.api.KubeObject;

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

  /** @throws ApiException 409 worded as upstream when {@code existing} does not meet these conditions */
  public void check(GroupResource resource, String name, KubeObject existing) {
    if (!uid.isEmpty() && !uid.equals(existing.uid())) {
      throw ApiException.conflict(resource, name, "Precondition failed: UID in precondition: " + uid
          + ", UID in object meta: " + existing.uid());
    }
    if (!resourceVersion.isEmpty() && !resourceVersion.equals(existing.resourceVersion())) {
      throw ApiException.conflict(resource, name, "Precondition failed: ResourceVersion in precondition: "
          + resourceVersion + ", ResourceVersion in object meta: " + existing.resourceVersion());
    }
  }
}
