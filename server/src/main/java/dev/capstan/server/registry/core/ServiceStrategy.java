package dev.capstan.server.registry.core;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Services: upstream's defaults (type ClusterIP, TCP, targetPort = port, single-stack IPv4, sessionAffinity
 * None), a cluster IP from {@value ServiceAddresses#RANGE} and node ports from 30000-32767 reserved when stored,
 * released when deleted; port, protocol and type validation with upstream's messages; the cluster IP immutable.
 */
final class ServiceStrategy implements Strategy {
  private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks checks = TypeChecks.of(o, kind, apiVersion)
        .nested("ServiceSpec", "string", "spec", "type")
        .nested("ServiceSpec", "string", "spec", "clusterIP")
        .stringList("ServiceSpec", "spec", "externalIPs");
    int n = o.node().path("spec").path("ports").size();
    for (int i = 0; i < n; i++) {
      String index = Integer.toString(i);
      checks.nested("ServicePort", "string", "spec", "ports", index, "name")
          .nested("ServicePort", "int32", "spec", "ports", index, "port")
          .nested("ServicePort", "int32", "spec", "ports", index, "nodePort")
          .nested("ServicePort", "string", "spec", "ports", index, "protocol");
    }
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    ObjectNode spec = spec(o);
    if (spec.path("type").asString("").isEmpty()) {
      spec.put("type", "ClusterIP");
    }
    if (spec.path("sessionAffinity").asString("").isEmpty()) {
      spec.put("sessionAffinity", "None");
    }
    if (!spec.path("type").asString("").equals("ExternalName")) {
      if (!spec.has("internalTrafficPolicy")) {
        spec.put("internalTrafficPolicy", "Cluster");
      }
      if (!spec.has("ipFamilies")) {
        spec.putArray("ipFamilies").add("IPv4");
      }
      if (!spec.has("ipFamilyPolicy")) {
        spec.put("ipFamilyPolicy", "SingleStack");
      }
    }
    for (JsonNode port : spec.path("ports")) {
      if (port instanceof ObjectNode p) {
        if (p.path("protocol").asString("").isEmpty()) {
          p.put("protocol", "TCP");
        }
        if (!p.has("targetPort") || p.get("targetPort").isNull()) {
          p.set("targetPort", p.get("port"));
        }
      }
    }
    if (!o.node().has("status")) {
      o.node().putObject("status").putObject("loadBalancer");
    }
  }

  @Override
  public void prepareForUpdate(KubeObject o, KubeObject old) {
    ObjectNode spec = spec(o);
    JsonNode oldSpec = old.node().path("spec");
    // Addresses the server chose stay, unless the client names them.
    for (String field : new String[] {"clusterIP", "clusterIPs"}) {
      if (!spec.has(field) && oldSpec.has(field)) {
        spec.set(field, oldSpec.get(field).deepCopy());
      }
    }
    o.node().set("status", old.node().path("status").deepCopy());
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    String type = spec.path("type").asString("");
    if (!TYPES.contains(type)) {
      errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, "spec.type", type, supported(TYPES)));
      return errs;
    }
    JsonNode ports = spec.path("ports");
    if (!type.equals("ExternalName") && ports.isEmpty()) {
      errs.add(FieldError.required("spec.ports", ""));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode p = ports.get(i);
      String path = "spec.ports[" + i + "]";
      String name = p.path("name").asString("");
      if (ports.size() > 1 && name.isEmpty()) {
        errs.add(FieldError.required(path + ".name", ""));
      } else if (!name.isEmpty() && !names.add(name)) {
        errs.add(new FieldError(FieldError.Type.DUPLICATE, path + ".name", name, ""));
      }
      long port = p.path("port").asLong(0);
      if (port < 1 || port > 65535) {
        errs.add(FieldError.invalid(path + ".port", port, "must be between 1 and 65535, inclusive"));
      }
      String protocol = p.path("protocol").asString("");
      if (!PROTOCOLS.contains(protocol)) {
        errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, path + ".protocol", protocol, supported(PROTOCOLS)));
      }
      long nodePort = p.path("nodePort").asLong(0);
      if (nodePort != 0 && type.equals("ClusterIP")) {
        errs.add(new FieldError(FieldError.Type.FORBIDDEN, path + ".nodePort", null,
            "may not be used when `type` is 'ClusterIP'"));
      } else if (nodePort != 0 && (nodePort < ServiceAddresses.NODE_PORT_MIN
          || nodePort > ServiceAddresses.NODE_PORT_MAX)) {
        errs.add(FieldError.invalid(path + ".nodePort", nodePort, "provided port is not in the valid range. The "
            + "range of valid ports is 30000-32767"));
      }
    }
    String clusterIP = spec.path("clusterIP").asString("");
    if (!clusterIP.isEmpty() && !clusterIP.equals("None") && !ServiceAddresses.inRange(clusterIP)) {
      errs.add(FieldError.invalid("spec.clusterIPs", List.of(clusterIP), "failed to allocate IP " + clusterIP
          + ": provided IP is not in the valid range. The range of valid IPs is " + ServiceAddresses.RANGE));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = validate(o);
    String now = o.node().path("spec").path("clusterIP").asString("");
    String before = old.node().path("spec").path("clusterIP").asString("");
    if (!before.isEmpty() && !now.equals(before)) {
      errs.add(FieldError.invalid("spec.clusterIPs[0]", now, "may not change once set"));
    }
    return errs;
  }

  @Override
  public void allocate(KubeObject o, KvStore kv) {
    ObjectNode spec = spec(o);
    String type = spec.path("type").asString("");
    if (type.equals("ExternalName")) {
      return;
    }
    String owner = o.namespace() + "/" + o.name();
    String ip = spec.path("clusterIP").asString("");
    if (ip.isEmpty()) {
      ip = ServiceAddresses.allocateIp(kv, owner);
    } else if (!ip.equals("None") && !ServiceAddresses.reserveIp(kv, ip, owner)) {
      throw FieldError.invalid("", "Service", "Service", o.name(), List.of(FieldError.invalid("spec.clusterIPs",
          List.of(ip), "failed to allocate IP " + ip + ": provided IP is already allocated")));
    }
    spec.put("clusterIP", ip);
    ArrayNode ips = spec.putArray("clusterIPs");
    ips.add(ip);
    if (type.equals("NodePort") || type.equals("LoadBalancer")) {
      for (JsonNode p : spec.path("ports")) {
        long nodePort = p.path("nodePort").asLong(0);
        if (nodePort == 0) {
          ((ObjectNode) p).put("nodePort", ServiceAddresses.allocatePort(kv, owner));
        } else if (!ServiceAddresses.reservePort(kv, (int) nodePort, owner)) {
          release(o, kv);
          throw FieldError.invalid("", "Service", "Service", o.name(), List.of(FieldError.invalid(
              "spec.ports[0].nodePort", nodePort, "provided port is already allocated")));
        }
      }
    }
  }

  @Override
  public void release(KubeObject o, KvStore kv) {
    JsonNode spec = o.node().path("spec");
    String ip = spec.path("clusterIP").asString("");
    if (!ip.isEmpty() && !ip.equals("None")) {
      ServiceAddresses.releaseIp(kv, ip);
    }
    for (JsonNode p : spec.path("ports")) {
      long nodePort = p.path("nodePort").asLong(0);
      if (nodePort != 0) {
        ServiceAddresses.releasePort(kv, (int) nodePort);
      }
    }
  }

  private static ObjectNode spec(KubeObject o) {
    return o.node().path("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
  }

  private static String supported(List<String> values) {
    return "supported values: " + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList());
  }
}
