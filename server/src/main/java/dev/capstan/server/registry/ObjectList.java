package dev.capstan.server.registry;

import dev.capstan.api.KubeObject;
import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a list.
 *
 * @param resourceVersion the revision the page was read at
 * @param continueToken the token for the next page, or "" on the last one
 * @param remainingItemCount how many items follow this page, set as upstream sets it: only when there is a
 *     next page and the list has no selector (with one, the count of keys is not a count of items)
 */
public record ObjectList(List<KubeObject> items, String resourceVersion, String continueToken,
    OptionalLong remainingItemCount) {
  public ObjectList {
    items = List.copyOf(items);
  }

  public ObjectList(List<KubeObject> items, String resourceVersion, String continueToken) {
    this(items, resourceVersion, continueToken, OptionalLong.empty());
  }
}
