package dev.capstan.server.registry;

/**
 * What a list asks for, as the query parameters of upstream's {@code ListOptions}.
 *
 * @param resourceVersion "" for the latest (a consistent read), "0" for any, or a revision
 * @param resourceVersionMatch "", {@code Exact} or {@code NotOlderThan}
 * @param limit the most items, 0 for all
 * @param continueToken a token from a previous page, or ""
 */
public record ListOptions(String resourceVersion, String resourceVersionMatch, long limit, String continueToken) {
  public static final ListOptions ALL = new ListOptions("", "", 0, "");

  public ListOptions {
    resourceVersion = resourceVersion == null ? "" : resourceVersion;
    resourceVersionMatch = resourceVersionMatch == null ? "" : resourceVersionMatch;
    continueToken = continueToken == null ? "" : continueToken;
  }
}
