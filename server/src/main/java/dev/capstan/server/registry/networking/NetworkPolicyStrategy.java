package dev.capstan.server.registry.networking;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NetworkPolicies: ports default to TCP and policyTypes to Ingress (plus Egress when egress rules exist); ports,
 * peers and policy types are validated as upstream.
 */
final class NetworkPolicyStrategy implements Strategy {
  private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
  private static final List<String> POLICY_TYPES = List.of("Ingress", "Egress");

  @Override
  public void applyDefaults(KubeObject o) {
    ObjectNode spec = IngressStrategy.spec(o);
    for (String direction : new String[] {"ingress", "egress"}) {
      for (JsonNode rule : spec.path(direction)) {
        for (JsonNode port : rule.path("ports")) {
          if (port instanceof ObjectNode p && (!p.has("protocol") || p.get("protocol").isNull())) {
            p.put("protocol", "TCP");
          }
        }
      }
    }
    if (spec.path("policyTypes").isEmpty()) {
      ArrayNode types = spec.putArray("policyTypes");
      types.add("Ingress");
      if (!spec.path("egress").isEmpty()) {
        types.add("Egress");
      }
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    errs.addAll(Rules.labelSelector(spec.path("podSelector"), "spec.podSelector"));
    rules(spec.path("ingress"), "spec.ingress", "from", errs);
    rules(spec.path("egress"), "spec.egress", "to", errs);
    JsonNode types = spec.path("policyTypes");
    if (types.size() > POLICY_TYPES.size()) {
      List<String> given = new ArrayList<>();
      types.forEach(t -> given.add(t.asString("")));
      errs.add(FieldError.invalid("spec.policyTypes", given, "may not specify more than two policyTypes"));
      return errs;
    }
    for (int i = 0; i < types.size(); i++) {
      String type = types.get(i).asString("");
      if (!POLICY_TYPES.contains(type)) {
        errs.add(Rules.notSupported("spec.policyTypes[" + i + "]", type, POLICY_TYPES));
      }
    }
    return errs;
  }

  private static void rules(JsonNode rules, String path, String peersField, List<FieldError> errs) {
    for (int i = 0; i < rules.size(); i++) {
      String rulePath = path + "[" + i + "]";
      JsonNode ports = rules.get(i).path("ports");
      for (int j = 0; j < ports.size(); j++) {
        errs.addAll(port(ports.get(j), rulePath + ".ports[" + j + "]"));
      }
      JsonNode peers = rules.get(i).path(peersField);
      for (int j = 0; j < peers.size(); j++) {
        errs.addAll(peer(peers.get(j), rulePath + "." + peersField + "[" + j + "]"));
      }
    }
  }

  private static List<FieldError> port(JsonNode port, String path) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode protocol = port.get("protocol");
    if (protocol != null && !protocol.isNull() && !PROTOCOLS.contains(protocol.asString(""))) {
      errs.add(Rules.notSupported(path + ".protocol", protocol.asString(""), PROTOCOLS));
    }
    JsonNode number = port.get("port");
    JsonNode endPort = port.get("endPort");
    boolean hasEnd = endPort != null && !endPort.isNull();
    if (number == null || number.isNull()) {
      if (hasEnd) {
        errs.add(FieldError.invalid(path + ".endPort", endPort.asLong(), "may not be specified when `port` is not "
            + "specified"));
      }
    } else if (number.isIntegralNumber()) {
      long value = number.asLong();
      Rules.portNumber(value).forEach(m -> errs.add(FieldError.invalid(path + ".port", value, m)));
      if (hasEnd) {
        if (endPort.asLong() < value) {
          // Upstream reports the start port as the bad value here.
          errs.add(FieldError.invalid(path + ".endPort", value, "must be greater than or equal to `port`"));
        }
        Rules.portNumber(endPort.asLong()).forEach(m -> errs.add(FieldError.invalid(path + ".endPort",
            endPort.asLong(), m)));
      }
    } else {
      if (hasEnd) {
        errs.add(FieldError.invalid(path + ".endPort", endPort.asLong(), "may not be specified when `port` is "
            + "non-numeric"));
      }
      String name = number.asString("");
      Rules.portName(name).forEach(m -> errs.add(FieldError.invalid(path + ".port", name, m)));
    }
    return errs;
  }

  private static List<FieldError> peer(JsonNode peer, String path) {
    List<FieldError> errs = new ArrayList<>();
    int count = 0;
    if (peer.path("podSelector").isObject()) {
      count++;
      errs.addAll(Rules.labelSelector(peer.path("podSelector"), path + ".podSelector"));
    }
    if (peer.path("namespaceSelector").isObject()) {
      count++;
      errs.addAll(Rules.labelSelector(peer.path("namespaceSelector"), path + ".namespaceSelector"));
    }
    boolean hasBlock = peer.path("ipBlock").isObject();
    if (hasBlock) {
      count++;
      errs.addAll(ipBlock(peer.path("ipBlock"), path + ".ipBlock"));
    }
    if (count == 0) {
      errs.add(FieldError.required(path, "must specify a peer"));
    } else if (count > 1 && hasBlock) {
      errs.add(FieldError.forbidden(path, "may not specify both ipBlock and another peer"));
    }
    return errs;
  }

  private static List<FieldError> ipBlock(JsonNode block, String path) {
    String cidr = block.path("cidr").asString("");
    if (cidr.isEmpty()) {
      return List.of(FieldError.required(path + ".cidr", ""));
    }
    Addresses.Cidr outer = Addresses.cidr(cidr);
    if (outer == null) {
      return List.of(FieldError.invalid(path + ".cidr", cidr, "not a valid CIDR"));
    }
    List<FieldError> errs = new ArrayList<>();
    JsonNode except = block.path("except");
    for (int i = 0; i < except.size(); i++) {
      String value = except.get(i).asString("");
      String exceptPath = path + ".except[" + i + "]";
      Addresses.Cidr inner = Addresses.cidr(value);
      if (inner == null) {
        errs.add(FieldError.invalid(exceptPath, value, "not a valid CIDR"));
        return errs;
      }
      if (!outer.contains(inner) || inner.prefix() <= outer.prefix()) {
        errs.add(FieldError.invalid(exceptPath, value, "must be a strict subset of `cidr`"));
      }
    }
    return errs;
  }
}
