package dev.capstan.api;

import java.util.Objects;

/**
 * A resource in an API group, as error messages name it: {@code configmaps}, {@code deployments.apps}.
 *
 * @param group "" for the core group
 * @param resource the plural resource name
 */
public record GroupResource(String group, String resource) {
  public GroupResource {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
  }

  @Override
  public String toString() {
    return group.isEmpty() ? resource : resource + "." + group;
  }
}
