package dev.capstan.server.conversion;

import java.net.URI;

/**
 * Finds where a webhook's {@code clientConfig.service} can be reached, e.g. from the Service's endpoints.
 *
 * <p>The converter connects to the returned URI but still expects the webhook's certificate to be valid for
 * {@code <name>.<namespace>.svc}. It sends that name as the TLS server name (SNI) when the URI's host is an address;
 * for a host name the JDK sends that name instead. Called once per webhook call; implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface ServiceResolver {
  /**
   * @param port the service port (443 when the CRD names none)
   * @param path the request path from the CRD, "" when it names none
   * @return an absolute {@code https} URI with a host (an address or a resolvable name), port and path
   * @throws RuntimeException when the service cannot be resolved; its message becomes part of the conversion error
   */
  URI resolve(String namespace, String name, int port, String path);
}
