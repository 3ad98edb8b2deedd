package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code kubernetes} Service's Endpoints and EndpointSlice in {@code default}, pointing at this API server,
 * as kube-apiserver's endpoint reconciler keeps them: written at start and corrected when the address or port
 * changed since the last run.
 */
final class ApiServerEndpoints {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ApiServerEndpoints() {}

  static void reconcile(Registry registry, String ip, int port) {
    Catalog catalog = registry.catalog();
    catalog.lookup("", "v1", "services").ifPresent(d -> put(registry, d, service(port), "spec"));
    if (ip.isEmpty()) {
      return; // no address other pods could reach: no endpoints, as a cluster without an advertise address
    }
    catalog.lookup("", "v1", "endpoints").ifPresent(d -> put(registry, d, endpoints(ip, port), "subsets"));
    catalog.lookup("discovery.k8s.io", "v1", "endpointslices")
        .ifPresent(d -> put(registry, d, slice(ip, port), "addressType", "endpoints", "ports"));
  }

  /**
   * Creates {@code wanted}, or sets the named top-level fields of the stored object to its values (for
   * {@code spec}, only the ports: the rest carries the service's own defaults).
   */
  private static void put(Registry registry, ResourceDefinition d, ObjectNode wanted, String... fields) {
    String name = wanted.path("metadata").path("name").asString();
    Optional<KubeObject> current = Optional.empty();
    try {
      current = Optional.of(registry.store(d).get(d.key("default", name)));
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
    if (current.isEmpty()) {
      registry.create(d, "default", KubeObject.wrap(wanted));
      return;
    }
    registry.update(d, "default", name, o -> {
      for (String field : fields) {
        if (field.equals("spec")) {
          ((ObjectNode) o.node().withObject("spec")).set("ports", wanted.path("spec").path("ports").deepCopy());
        } else {
          o.node().set(field, wanted.path(field).deepCopy());
        }
      }
      return o;
    }, false);
  }

  private static ObjectNode service(int port) {
    ObjectNode svc = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
    ObjectNode meta = svc.putObject("metadata").put("name", "kubernetes").put("namespace", "default");
    meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
    ObjectNode spec = svc.putObject("spec");
    spec.put("clusterIP", "10.96.0.1");
    spec.putArray("clusterIPs").add("10.96.0.1");
    spec.put("type", "ClusterIP");
    spec.put("sessionAffinity", "None");
    spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
        .put("targetPort", port);
    return svc;
  }

  private static ObjectNode endpoints(String ip, int port) {
    ObjectNode ep = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Endpoints");
    ep.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels")
        .put("endpointslice.kubernetes.io/skip-mirror", "true");
    ObjectNode subset = ep.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", ip);
    subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    return ep;
  }

  private static ObjectNode slice(String ip, int port) {
    ObjectNode slice = JSON.createObjectNode().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
    slice.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels")
        .put("kubernetes.io/service-name", "kubernetes");
    slice.put("addressType", ip.contains(":") ? "IPv6" : "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(ip);
    endpoint.putObject("conditions").put("ready", true);
    slice.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
    return slice;
  }
}
