package dev.capstan.server.registry;

import dev.capstan.api.KubeObject;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a list asks for, as the query parameters of upstream's {@code ListOptions} and its selection predicate.
 *
 * @param resourceVersion "" for the latest (a consistent read), "0" for any, or a revision
 * @param resourceVersionMatch "", {@code Exact} or {@code NotOlderThan}
 * @param limit the most items, 0 for all
 * @param continueToken a token from a previous page, or ""
 * @param selector the objects to return; the store applies it while it pages, so a page holds {@code limit}
 *     matching objects unless it is the last. {@link Selectors#EVERYTHING} when the request has no selector.
 */
public record ListOptions(String resourceVersion, String resourceVersionMatch, long limit, String continueToken,
    Predicate<KubeObject> selector) {
  public static final ListOptions ALL = new ListOptions("", "", 0, "");

  public ListOptions {
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
    resourceVersionMatch = resourceVersionMatch == null ? "" : resourceVersionMatch;
    continueToken = continueToken == null ? "" : continueToken;
    Objects.requireNonNull(selector, "selector");
  }

  /** Options that select every object. */
  public ListOptions(String resourceVersion, String resourceVersionMatch, long limit, String continueToken) {
    this(resourceVersion, resourceVersionMatch, limit, continueToken, Selectors.EVERYTHING);
  }

  /** Upstream's {@code SelectionPredicate.Empty()}: no selector, so counts of keys are counts of items. */
  public boolean selectsEverything() {
    return selector == Selectors.EVERYTHING;
  }
}
