package dev.capstan.server.registry.discovery;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.IpLiterals;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** discovery.k8s.io/v1: EndpointSlices, with upstream's defaults, validation and columns. */
public final class DiscoveryResources {
  private DiscoveryResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(endpointSlices());
  }

  static ResourceDefinition endpointSlices() {
    return ResourceDefinition.builder("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice")
        .strategy(new EndpointSliceStrategy())
        .table(List.of(new Tables.Column("Name", "string", "name", "The object's name, unique within its namespace.", 0),
            new Tables.Column("AddressType", "string", "", "The kind of addresses the slice holds.", 0),
            new Tables.Column("Ports", "string", "", "The ports the endpoints serve.", 0),
            new Tables.Column("Endpoints", "string", "", "The endpoints' addresses.", 0),
            new Tables.Column("Age", "string", "", "How long ago the object was created.", 0)),
            (o, now) -> List.of(o.name(), Checks.text(o.node(), "addressType"), EndpointSliceStrategy.ports(o),
                EndpointSliceStrategy.endpoints(o), Ages.since(o.metadata().path("creationTimestamp").asString(""),
                    now)))
        .build();
  }

  /**
   * EndpointSlices: ports default to TCP with an empty name; the address type is required, supported and fixed
   * after create, and each address must be of that type, as upstream validates.
   */
  static final class EndpointSliceStrategy implements Strategy {
    static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");
    private static final int MAX_ENDPOINTS = 1000;
    private static final int MAX_ADDRESSES = 100;
    private static final int MAX_PORTS = 20000;

    @Override
    public void checkTypes(KubeObject o, String kind, String apiVersion) {
      TypeChecks checks = TypeChecks.of(o, kind, apiVersion).string("addressType")
          .objectList("endpoints", "[]v1.Endpoint").objectList("ports", "[]v1.EndpointPort");
      JsonNode endpoints = o.node().path("endpoints");
      for (int i = 0; i < endpoints.size(); i++) {
        checks.stringList("Endpoint", "endpoints", Integer.toString(i), "addresses");
      }
      JsonNode ports = o.node().path("ports");
      for (int i = 0; i < ports.size(); i++) {
        checks.nested("EndpointPort", "int32", "ports", Integer.toString(i), "port")
            .nested("EndpointPort", "string", "ports", Integer.toString(i), "name");
      }
    }

    @Override
    public void applyDefaults(KubeObject o) {
      for (JsonNode port : o.node().path("ports")) {
        if (port instanceof ObjectNode p) {
          if (!p.has("name") || p.get("name").isNull()) {
            p.put("name", "");
          }
          if (!p.has("protocol") || p.get("protocol").isNull()) {
            p.put("protocol", "TCP");
          }
        }
      }
    }

    @Override
    public List<FieldError> validate(KubeObject o) {
      List<FieldError> errs = new ArrayList<>();
      String type = Checks.text(o.node(), "addressType");
      if (type.isEmpty()) {
        errs.add(FieldError.required("addressType", ""));
      } else if (!ADDRESS_TYPES.contains(type)) {
        errs.add(Checks.notSupported("addressType", type, ADDRESS_TYPES));
      }
      endpoints(errs, o.node().path("endpoints"), type);
      ports(errs, o.node().path("ports"));
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
      List<FieldError> errs = validate(o);
      String type = Checks.text(o.node(), "addressType");
      if (!type.equals(Checks.text(old.node(), "addressType"))) {
        errs.add(FieldError.invalid("addressType", type, "field is immutable"));
      }
      return errs;
    }

    private static void endpoints(List<FieldError> errs, JsonNode endpoints, String type) {
      if (endpoints.size() > MAX_ENDPOINTS) {
        errs.add(new FieldError(FieldError.Type.TOO_MANY, "endpoints", endpoints.size(),
            "must have at most " + MAX_ENDPOINTS + " items"));
        return;
      }
      for (int i = 0; i < endpoints.size(); i++) {
        JsonNode ep = endpoints.get(i);
        String path = "endpoints[" + i + "]";
        JsonNode addresses = ep.path("addresses");
        if (addresses.isEmpty()) {
          errs.add(FieldError.required(path + ".addresses", "must contain at least 1 address"));
        } else if (addresses.size() > MAX_ADDRESSES) {
          errs.add(new FieldError(FieldError.Type.TOO_MANY, path + ".addresses", addresses.size(),
              "must have at most " + MAX_ADDRESSES + " items"));
        }
        for (int j = 0; j < addresses.size() && j < MAX_ADDRESSES; j++) {
          address(errs, path + ".addresses[" + j + "]", addresses.get(j).asString(""), type);
        }
        if (ep.has("nodeName") && !ep.get("nodeName").isNull()) {
          String node = Checks.text(ep, "nodeName");
          NameRules.dns1123Subdomain(node).forEach(m -> errs.add(FieldError.invalid(path + ".nodeName", node, m)));
        }
        if (ep.has("hostname") && !ep.get("hostname").isNull()) {
          String host = Checks.text(ep, "hostname");
          NameRules.dns1123Label(host).forEach(m -> errs.add(FieldError.invalid(path + ".hostname", host, m)));
        }
      }
    }

    private static void address(List<FieldError> errs, String path, String address, String type) {
      switch (type) {
        case "IPv4" -> {
          if (!IpLiterals.isIpv4(address)) {
            errs.add(FieldError.invalid(path, address, "must be a valid IPv4 address"));
          } else if (IpLiterals.specialRange(address) != null) {
            errs.add(FieldError.invalid(path, address, IpLiterals.specialRange(address)));
          }
        }
        case "IPv6" -> {
          if (!IpLiterals.isIpv6(address)) {
            errs.add(FieldError.invalid(path, address, "must be a valid IPv6 address"));
          } else if (IpLiterals.specialRange(address) != null) {
            errs.add(FieldError.invalid(path, address, IpLiterals.specialRange(address)));
          }
        }
        case "FQDN" -> NameRules.dns1123Subdomain(address).forEach(m -> errs.add(FieldError.invalid(path, address,
            m)));
        default -> { }
      }
    }

    private static void ports(List<FieldError> errs, JsonNode ports) {
      if (ports.size() > MAX_PORTS) {
        errs.add(new FieldError(FieldError.Type.TOO_MANY, "ports", ports.size(),
            "must have at most " + MAX_PORTS + " items"));
        return;
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < ports.size(); i++) {
        JsonNode p = ports.get(i);
        String path = "ports[" + i + "]";
        String name = Checks.text(p, "name");
        if (!name.isEmpty()) {
          NameRules.dns1123Label(name).forEach(m -> errs.add(FieldError.invalid(path + ".name", name, m)));
        }
        if (!names.add(name)) {
          errs.add(new FieldError(FieldError.Type.DUPLICATE, path + ".name", name, ""));
        }
        Checks.protocol(errs, path + ".protocol", p.get("protocol"));
        JsonNode port = p.get("port");
        if (port != null && !port.isNull() && (port.asLong(0) < 1 || port.asLong(0) > 65535)) {
          errs.add(FieldError.invalid(path + ".port", port.asLong(0), Checks.PORT_RANGE));
        }
      }
    }

    /** Upstream's PORTS cell: the number, else the name, else {@code *}; three at most, then a count. */
    static String ports(KubeObject o) {
      List<String> list = new ArrayList<>();
      int count = 0;
      for (JsonNode p : o.node().path("ports")) {
        if (list.size() < 3) {
          JsonNode port = p.get("port");
          JsonNode name = p.get("name");
          list.add(port != null && !port.isNull() ? Long.toString(port.asLong())
              : name != null && !name.isNull() ? name.asString("") : "*");
        }
        count++;
      }
      return withMore(list, count);
    }

    /** Upstream's ENDPOINTS cell: the addresses of all endpoints, three at most, then a count. */
    static String endpoints(KubeObject o) {
      List<String> list = new ArrayList<>();
      int count = 0;
      for (JsonNode ep : o.node().path("endpoints")) {
        for (JsonNode a : ep.path("addresses")) {
          if (list.size() < 3) {
            list.add(a.asString(""));
          }
          count++;
        }
      }
      return withMore(list, count);
    }

    private static String withMore(List<String> list, int count) {
      String joined = String.join(",", list);
      if (count > 3) {
        return joined + " + " + (count - 3) + " more...";
      }
      return joined.isEmpty() ? "<unset>" : joined;
    }
  }
}
