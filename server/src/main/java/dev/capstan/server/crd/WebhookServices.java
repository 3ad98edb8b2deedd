package dev.capstan.server.crd;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.conversion.ServiceResolver;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import java.net.URI;
import tools.jackson.databind.JsonNode;

/**
 * Where a webhook's {@code clientConfig.service} points. No proxy routes cluster IPs here, so a service is reached
 * as upstream's endpoint routing reaches it: an ExternalName's host, else the first address of its Endpoints with
 * the port the service port maps to, else its cluster IP.
 */
final class WebhookServices implements ServiceResolver {
  private final Registry registry;

  WebhookServices(Registry registry) {
    this.registry = registry;
  }

  @Override
  public URI resolve(String namespace, String name, int port, String path) {
    JsonNode service = get("services", namespace, name)
        .orElseThrow(() -> new IllegalStateException("service \"" + name + "\" not found")).node();
    JsonNode spec = service.path("spec");
    if (spec.path("type").asString("").equals("ExternalName")) {
      return uri(spec.path("externalName").asString(""), port, path);
    }
    JsonNode servicePort = null;
    for (JsonNode p : spec.path("ports")) {
      if (p.path("port").asInt(-1) == port) {
        servicePort = p;
      }
    }
    if (servicePort == null) {
      throw new IllegalStateException("no service port " + port + " found for service \"" + name + "\"");
    }
    String portName = servicePort.path("name").asString("");
    JsonNode endpoints = get("endpoints", namespace, name).map(KubeObject::node).orElse(null);
    if (endpoints != null) {
      for (JsonNode subset : endpoints.path("subsets")) {
        for (JsonNode p : subset.path("ports")) {
          if (p.path("name").asString("").equals(portName) && !subset.path("addresses").isEmpty()) {
            return uri(subset.path("addresses").get(0).path("ip").asString(""), p.path("port").asInt(), path);
          }
        }
      }
    }
    String clusterIp = spec.path("clusterIP").asString("");
    if (!clusterIp.isEmpty() && !clusterIp.equals("None")) {
      return uri(clusterIp, port, path);
    }
    throw new IllegalStateException("no endpoints available for service \"" + name + "\"");
  }

  private java.util.Optional<KubeObject> get(String resource, String namespace, String name) {
    ResourceDefinition d = registry.catalog().lookup("", "v1", resource).orElseThrow();
    try {
      return java.util.Optional.of(registry.store(d).get(d.key(namespace, name)));
    } catch (ApiException e) {
      if (e.code() == 404) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  private static URI uri(String host, int port, String path) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String p = path.isEmpty() ? "" : path.startsWith("/") ? path : "/" + path;
    return URI.create("https://" + h + ":" + port + p);
  }
}
