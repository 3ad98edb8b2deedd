package dev.capstan.server.request;

/**
 * What a request addresses, derived from its method, path and query the way upstream's request-info resolver
 * does. Empty strings stand for "not applicable".
 *
 * @param resourceRequest true for a request that names a resource under {@code /api} or {@code /apis}
 * @param verb {@code get list watch create update patch delete deletecollection} for resource requests; the
 *     lower-cased HTTP method otherwise
 */
public record RequestInfo(boolean resourceRequest, String path, String verb, String apiPrefix, String apiGroup,
    String apiVersion, String namespace, String resource, String subresource, String name) {}
