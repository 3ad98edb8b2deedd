package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.GroupResource;
import dev.capstan.api.KubeObject;

/**
 * {@code dryRun=All}: every read and check of the real store, no write. A dry-run create answers the object
 * without a resourceVersion, a dry-run update the changed object with the current one, as upstream does.
 */
final class DryRunObjectStore implements ObjectStore {
  private final ObjectStore real;
  private final GroupResource resource;

  DryRunObjectStore(ObjectStore real, GroupResource resource) {
    this.real = real;
    this.resource = resource;
  }

  @Override
  public KubeObject create(String key, KubeObject object) {
    try {
      real.get(key);
    } catch (ApiException e) {
      if (e.code() == 404) {
        KubeObject copy = object.deepCopy();
        copy.setResourceVersion("");
        return copy;
      }
      throw e;
    }
    throw ApiException.alreadyExists(resource, ObjectStores.nameOf(key));
  }

  @Override
  public KubeObject get(String key) {
    return real.get(key);
  }

  @Override
  public ObjectList list(String prefix, ListOptions options) {
    return real.list(prefix, options);
  }

  @Override
  public KubeObject guaranteedUpdate(String key, Preconditions preconditions, UpdateFunction update) {
    KubeObject current = real.get(key);
    preconditions.check(resource, ObjectStores.nameOf(key), current);
    KubeObject desired = update.apply(current.deepCopy());
    desired.setResourceVersion(current.resourceVersion());
    return desired;
  }

  @Override
  public KubeObject delete(String key, Preconditions preconditions) {
    KubeObject current = real.get(key);
    preconditions.check(resource, ObjectStores.nameOf(key), current);
    return current;
  }
}
