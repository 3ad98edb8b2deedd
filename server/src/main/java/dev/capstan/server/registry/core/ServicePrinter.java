package dev.capstan.server.registry.core;

import dev.capstan.api.KubeObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** The cells of a service row, formatted as upstream's printer formats them. */
final class ServicePrinter {
  private ServicePrinter() {}

  static List<Object> cells(KubeObject o, String age) {
    JsonNode spec = o.node().path("spec");
    String type = spec.path("type").asString("");
    String clusterIP = spec.path("clusterIP").asString("");
    return List.of(o.name(), type, clusterIP.isEmpty() ? "<none>" : clusterIP, externalIp(o, type), ports(spec), age,
        selector(spec.path("selector")));
  }

  private static String externalIp(KubeObject o, String type) {
    List<String> ips = new ArrayList<>();
    o.node().path("spec").path("externalIPs").forEach(ip -> ips.add(ip.asString("")));
    switch (type) {
      case "ExternalName" -> {
        return o.node().path("spec").path("externalName").asString("");
      }
      case "LoadBalancer" -> {
        for (JsonNode ingress : o.node().path("status").path("loadBalancer").path("ingress")) {
          ips.add(ingress.has("ip") ? ingress.path("ip").asString("") : ingress.path("hostname").asString(""));
        }
        return ips.isEmpty() ? "<pending>" : String.join(",", ips);
      }
      default -> {
        return ips.isEmpty() ? "<none>" : String.join(",", ips);
      }
    }
  }

  private static String ports(JsonNode spec) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : spec.path("ports")) {
      long nodePort = p.path("nodePort").asLong(0);
      String protocol = p.path("protocol").asString("");
      out.add(nodePort > 0 ? p.path("port").asLong() + ":" + nodePort + "/" + protocol
          : p.path("port").asLong() + "/" + protocol);
    }
    return out.isEmpty() ? "<none>" : String.join(",", out);
  }

  private static String selector(JsonNode selector) {
    Map<String, String> sorted = new TreeMap<>();
    selector.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString("")));
    if (sorted.isEmpty()) {
      return "<none>";
    }
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }
}
