package dev.capstan.api;

import java.util.Objects;

/**
 * What a request asks to do, in the terms RBAC rules use. Empty strings stand for "not applicable".
 *
 * @param user who asks
 * @param verb e.g. {@code get}, {@code list}, {@code watch}, {@code create}; for non-resource requests the
 *     lower-cased HTTP method ({@code get}, {@code post}, ...)
 * @param resourceRequest true for requests under {@code /api} or {@code /apis} that name a resource
 * @param path the request path (non-resource requests are authorized by it)
 */
public record AuthorizationAttributes(UserInfo user, String verb, String namespace, String apiGroup,
    String apiVersion, String resource, String subresource, String name, boolean resourceRequest, String path) {
  public AuthorizationAttributes {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(verb, "verb");
    namespace = nullToEmpty(namespace);
    apiGroup = nullToEmpty(apiGroup);
    apiVersion = nullToEmpty(apiVersion);
    resource = nullToEmpty(resource);
    subresource = nullToEmpty(subresource);
    name = nullToEmpty(name);
    path = nullToEmpty(path);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
