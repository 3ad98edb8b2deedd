package dev.capstan.api;

import java.util.Objects;

/**
 * An error a client sees as a Kubernetes {@code Status} object. Handlers throw it; the server renders
 * it in one place, so {@code code} and {@code reason} are what kubectl and fabric8 switch on.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The reason upstream gives when a write was based on a stale resourceVersion. */
  public static final String OPTIMISTIC_LOCK_MESSAGE =
      "the object has been modified; please apply your changes to the latest version and try again";

  private final int code;
  private final String reason;
  private final StatusDetails details;

  /**
   * @param code the HTTP status code (400..599)
   * @param reason the machine-readable {@code Status.reason}, e.g. {@code "NotFound"}; may be empty
   * @param message the human-readable {@code Status.message}
   * @param details the {@code Status.details}, or null when upstream sends none
   */
  public ApiException(int code, String reason, String message, StatusDetails details) {
    super(Objects.requireNonNull(message, "message"));
    if (code < 400 || code > 599) {
      throw new IllegalArgumentException("not an error status code: " + code);
    }
    this.code = code;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.details = details;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** The {@code Status.details}; null when the status carries none. */
  public StatusDetails details() {
    return details;
  }

  /** 401: the request carried credentials that did not authenticate. */
  public static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "Unauthorized", null);
  }

  /** 403 for a non-resource path, worded as upstream's authorizer denial. */
  public static ApiException forbiddenPath(String user, String verb, String path, String why) {
    String message = "forbidden: User \"" + user + "\" cannot " + verb + " path \"" + path + "\"" + suffix(why);
    return new ApiException(403, "Forbidden", message, new StatusDetails("", "", "", null));
  }

  /**
   * 403 for a resource request, worded as upstream's authorizer denial, e.g. {@code pods "x" is forbidden:
   * User "u" cannot get resource "pods" in API group "" in the namespace "ns"}.
   */
  public static ApiException forbiddenResource(String user, String verb, String group, String resource,
      String subresource, String namespace, String name, String why) {
    String qualified = group.isEmpty() ? resource : resource + "." + group;
    String subject = name.isEmpty() ? qualified : qualified + " \"" + name + "\"";
    String target = subresource.isEmpty() ? resource : resource + "/" + subresource;
    StringBuilder message = new StringBuilder()
        .append(subject).append(" is forbidden: User \"").append(user).append("\" cannot ").append(verb)
        .append(" resource \"").append(target).append("\" in API group \"").append(group).append('"');
    message.append(namespace.isEmpty() ? " at the cluster scope" : " in the namespace \"" + namespace + "\"");
    message.append(suffix(why));
    return new ApiException(403, "Forbidden", message.toString(), new StatusDetails(name, group, resource, null));
  }

  /** 403 from admission, e.g. {@code namespaces "default" is forbidden: this namespace may not be deleted}. */
  public static ApiException forbidden(GroupResource resource, String name, String why) {
    return new ApiException(403, "Forbidden", resource + " \"" + name + "\" is forbidden: " + why,
        details(resource, name));
  }

  /** 404 for a path the server does not serve. */
  public static ApiException pathNotFound() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource",
        new StatusDetails("", "", "", null));
  }

  /** 404 for a named object, e.g. {@code configmaps "x" not found}. */
  public static ApiException notFound(GroupResource resource, String name) {
    String message = name.isEmpty() ? resource + " not found" : resource + " \"" + name + "\" not found";
    return new ApiException(404, "NotFound", message, details(resource, name));
  }

  /** 409 for a create whose name is taken, e.g. {@code configmaps "x" already exists}. */
  public static ApiException alreadyExists(GroupResource resource, String name) {
    return new ApiException(409, "AlreadyExists", resource + " \"" + name + "\" already exists",
        details(resource, name));
  }

  /** 409 for a write that lost a race or failed a precondition. */
  public static ApiException conflict(GroupResource resource, String name, String why) {
    return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + resource + " \"" + name
        + "\": " + why, details(resource, name));
  }

  /**
   * 504 when storage did not answer, worded as upstream: {@code The get operation against configmaps could not
   * be completed at this time, please try again.}
   */
  public static ApiException serverTimeout(GroupResource resource, String operation, int retryAfterSeconds) {
    return new ApiException(504, "ServerTimeout", "The " + operation + " operation against " + resource
        + " could not be completed at this time, please try again.",
        new StatusDetails("", resource.group(), resource.resource(), null, retryAfterSeconds));
  }

  /** 504 for a read at a revision the server has not reached. */
  public static ApiException tooLargeResourceVersion(long requested, long current) {
    return new ApiException(504, "Timeout", "Too large resource version: " + requested + ", current: " + current,
        new StatusDetails("", "", "", null, 1));
  }

  /** 410 for a resourceVersion or continue token whose history is gone. */
  public static ApiException expired(String message) {
    return new ApiException(410, "Expired", message, null);
  }

  /** 400 with upstream's {@code BadRequest} reason. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message, null);
  }

  /** 500 for a failure the client cannot fix; the message must not leak secrets. */
  public static ApiException internal(String message) {
    return new ApiException(500, "InternalError", "Internal error occurred: " + message,
        new StatusDetails("", "", "", null));
  }

  /** 503 while the server cannot serve, e.g. its storage is unreachable. */
  public static ApiException unavailable(String message) {
    return new ApiException(503, "ServiceUnavailable", message, null);
  }

  private static StatusDetails details(GroupResource resource, String name) {
    return new StatusDetails(name, resource.group(), resource.resource(), null);
  }

  private static String suffix(String why) {
    return why == null || why.isEmpty() ? "" : ": " + why;
  }
}
