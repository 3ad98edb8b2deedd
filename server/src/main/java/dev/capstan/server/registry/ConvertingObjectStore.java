package dev.capstan.server.registry;

import dev.capstan.api.KubeObject;
import java.util.ArrayList;
import java.util.List;

/** An {@link ObjectStore} that serves one version over objects stored in another. */
final class ConvertingObjectStore implements ObjectStore {
  private final ObjectStore stored;
  private final Conversion conversion;

  ConvertingObjectStore(ObjectStore stored, Conversion conversion) {
    this.stored = stored;
    this.conversion = conversion;
  }

  @Override
  public KubeObject create(String key, KubeObject object) {
    return served(stored.create(key, conversion.toStorage(object.deepCopy())));
  }

  @Override
  public KubeObject get(String key) {
    return served(stored.get(key));
  }

  @Override
  public ObjectList list(String prefix, ListOptions options) {
    // The selector sees objects as they are served, so the stored list applies it to each converted object.
    ListOptions storedOptions = options.selectsEverything() ? options : new ListOptions(options.resourceVersion(),
        options.resourceVersionMatch(), options.limit(), options.continueToken(),
        o -> options.selector().test(served(o)));
    ObjectList page = stored.list(prefix, storedOptions);
    List<KubeObject> items = new ArrayList<>(page.items().size());
    page.items().forEach(o -> items.add(served(o)));
    return new ObjectList(items, page.resourceVersion(), page.continueToken(), page.remainingItemCount());
  }

  @Override
  public KubeObject guaranteedUpdate(String key, Preconditions preconditions, UpdateFunction update) {
    return served(stored.guaranteedUpdate(key, preconditions,
        current -> conversion.toStorage(update.apply(served(current)))));
  }

  @Override
  public KubeObject delete(String key, Preconditions preconditions) {
    return served(stored.delete(key, preconditions));
  }

  private KubeObject served(KubeObject stored) {
    String rv = stored.resourceVersion();
    KubeObject out = conversion.fromStorage(stored.deepCopy());
    out.setResourceVersion(rv);
    return out;
  }
}
