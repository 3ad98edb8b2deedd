package dev.capstan.server.registry;

import dev.capstan.api.KubeObject;
import java.util.List;

/**
 * One page of a list.
 *
 * @param resourceVersion the revision the page was read at
 * @param continueToken the token for the next page, or "" on the last one
 */
public record ObjectList(List<KubeObject> items, String resourceVersion, String continueToken) {
  public ObjectList {
    items = List.copyOf(items);
  }
}
