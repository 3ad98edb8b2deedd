package dev.capstan.server.registry.cluster;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.IpLiterals;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Endpoints: ports default to TCP; addresses and ports validated as upstream. */
final class EndpointsStrategy implements Strategy {
  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks checks = TypeChecks.of(o, kind, apiVersion).objectList("subsets", "[]v1.EndpointSubset");
    JsonNode subsets = o.node().path("subsets");
    for (int i = 0; i < subsets.size(); i++) {
      JsonNode ports = subsets.get(i).path("ports");
      for (int j = 0; j < ports.size(); j++) {
        String si = Integer.toString(i);
        String pj = Integer.toString(j);
        checks.nested("EndpointPort", "string", "subsets", si, "ports", pj, "name")
            .nested("EndpointPort", "int32", "subsets", si, "ports", pj, "port")
            .nested("EndpointPort", "string", "subsets", si, "ports", pj, "protocol");
      }
    }
  }

  @Override
  public void applyDefaults(KubeObject o) {
    for (JsonNode subset : o.node().path("subsets")) {
      for (JsonNode port : subset.path("ports")) {
        if (port instanceof ObjectNode p && Checks.text(p, "protocol").isEmpty()) {
          p.put("protocol", "TCP");
        }
      }
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode subsets = o.node().path("subsets");
    for (int i = 0; i < subsets.size(); i++) {
      JsonNode ss = subsets.get(i);
      String path = "subsets[" + i + "]";
      if (ss.path("addresses").isEmpty() && ss.path("notReadyAddresses").isEmpty()) {
        errs.add(FieldError.required(path, "must specify `addresses` or `notReadyAddresses`"));
      }
      addresses(errs, ss.path("addresses"), path + ".addresses");
      addresses(errs, ss.path("notReadyAddresses"), path + ".notReadyAddresses");
      JsonNode ports = ss.path("ports");
      for (int j = 0; j < ports.size(); j++) {
        JsonNode p = ports.get(j);
        String pp = path + ".ports[" + j + "]";
        String name = Checks.text(p, "name");
        if (ports.size() > 1 && name.isEmpty()) {
          errs.add(FieldError.required(pp + ".name", ""));
        } else if (!name.isEmpty()) {
          NameRules.dns1123Label(name).forEach(m -> errs.add(FieldError.invalid(pp + ".name", name, m)));
        }
        long port = p.path("port").asLong(0);
        if (port < 1 || port > 65535) {
          errs.add(FieldError.invalid(pp + ".port", port, Checks.PORT_RANGE));
        }
        Checks.protocol(errs, pp + ".protocol", p.get("protocol"));
      }
    }
    return errs;
  }

  private static void addresses(List<FieldError> errs, JsonNode list, String path) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode a = list.get(i);
      String ap = path + "[" + i + "]";
      String ip = Checks.text(a, "ip");
      if (IpLiterals.parse(ip) == null) {
        errs.add(FieldError.invalid(ap + ".ip", ip, IpLiterals.INVALID_IP));
      }
      String hostname = Checks.text(a, "hostname");
      if (!hostname.isEmpty()) {
        NameRules.dns1123Label(hostname).forEach(m -> errs.add(FieldError.invalid(ap + ".hostname", hostname, m)));
      }
      if (a.has("nodeName") && !a.get("nodeName").isNull()) {
        String node = Checks.text(a, "nodeName");
        NameRules.dns1123Subdomain(node).forEach(m -> errs.add(FieldError.invalid(ap + ".nodeName", node, m)));
      }
      String special = IpLiterals.specialRange(ip);
      if (special != null) {
        errs.add(FieldError.invalid(ap + ".ip", ip, special));
      }
    }
  }

  /**
   * The ENDPOINTS cell as upstream's formatEndpoints writes it: {@code ip:port} for each address and port (bare IPs
   * for a subset without ports), at most three, then {@code + N more...}; {@code <none>} without subsets.
   */
  static String format(KubeObject o) {
    JsonNode subsets = o.node().path("subsets");
    if (subsets.isEmpty()) {
      return "<none>";
    }
    final int max = 3;
    List<String> list = new ArrayList<>();
    boolean more = false;
    int count = 0;
    for (JsonNode ss : subsets) {
      JsonNode addresses = ss.path("addresses");
      JsonNode ports = ss.path("ports");
      if (ports.isEmpty()) {
        count += addresses.size();
        for (JsonNode a : addresses) {
          if (list.size() == max) {
            more = true;
            break;
          }
          list.add(Checks.text(a, "ip"));
        }
        continue;
      }
      for (JsonNode port : ports) {
        count += addresses.size();
        for (JsonNode a : addresses) {
          if (list.size() == max) {
            more = true;
            break;
          }
          String ip = Checks.text(a, "ip");
          String host = ip.contains(":") ? "[" + ip + "]" : ip;
          list.add(host + ":" + port.path("port").asLong(0));
        }
      }
    }
    String joined = String.join(",", list);
    return more ? joined + " + " + (count - max) + " more..." : joined;
  }
}
