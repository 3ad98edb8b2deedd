package dev.capstan.server.registry.cluster;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.GoValue;
import dev.capstan.server.registry.values.IpLiterals;
import dev.capstan.server.registry.values.Quantity;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nodes: the kubelet registers a node with its status filled in, so the status is kept on create; allocatable
 * defaults to capacity; taints, pod CIDRs and resource quantities validated as upstream, and pod CIDRs and the
 * provider ID fixed once set.
 */
final class NodeStrategy implements Strategy {
  static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final String CIDR_FIXED = "node updates may not change podCIDR except from \"\" to valid";

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested("NodeSpec", "bool", "spec", "unschedulable")
        .nested("NodeSpec", "string", "spec", "podCIDR")
        .stringList("NodeSpec", "spec", "podCIDRs")
        .nested("NodeSpec", "string", "spec", "providerID");
    Quantity.checkList(o.node().path("status").get("capacity"), kind, apiVersion);
    Quantity.checkList(o.node().path("status").get("allocatable"), kind, apiVersion);
  }

  @Override
  public void applyDefaults(KubeObject o) {
    if (o.node().get("status") instanceof ObjectNode status && status.get("capacity") instanceof ObjectNode capacity
        && !status.has("allocatable")) {
      status.set("allocatable", capacity.deepCopy());
    }
  }

  @Override
  public boolean keepsStatusOnCreate() {
    return true;
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    taints(errs, spec.path("taints"));
    resources(errs, o);
    JsonNode cidrs = spec.path("podCIDRs");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < cidrs.size(); i++) {
      String cidr = cidrs.get(i).asString("");
      if (!IpLiterals.isCidr(cidr)) {
        errs.add(FieldError.invalid("spec.podCIDRs[" + i + "]", cidr, IpLiterals.INVALID_CIDR));
      }
      if (cidrs.size() > 1 && !seen.add(cidr)) {
        errs.add(new FieldError(FieldError.Type.DUPLICATE, "spec.podCIDRs[" + i + "]", cidr, ""));
      }
    }
    if (cidrs.size() > 2) {
      List<String> all = new ArrayList<>();
      cidrs.forEach(c -> all.add(c.asString("")));
      errs.add(FieldError.invalid("spec.podCIDRs", all, "may specify no more than one CIDR for each IP family"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = new ArrayList<>();
    taints(errs, o.node().path("spec").path("taints"));
    resources(errs, o);
    Set<String> addresses = new HashSet<>();
    JsonNode list = o.node().path("status").path("addresses");
    for (int i = 0; i < list.size(); i++) {
      JsonNode a = list.get(i);
      String type = Checks.text(a, "type");
      String address = Checks.text(a, "address");
      if (!addresses.add(type + "\n" + address)) {
        errs.add(new FieldError(FieldError.Type.DUPLICATE, "status.addresses[" + i + "]",
            new GoValue("core.NodeAddress{Type:" + FieldError.goQuote(type) + ", Address:"
                + FieldError.goQuote(address) + "}"), ""));
      }
    }
    JsonNode oldCidrs = old.node().path("spec").path("podCIDRs");
    JsonNode newCidrs = o.node().path("spec").path("podCIDRs");
    if (!oldCidrs.isEmpty()) {
      if (oldCidrs.size() != newCidrs.size()) {
        errs.add(FieldError.forbidden("spec.podCIDRs", CIDR_FIXED));
      } else {
        for (int i = 0; i < oldCidrs.size(); i++) {
          if (!oldCidrs.get(i).equals(newCidrs.get(i))) {
            errs.add(FieldError.forbidden("spec.podCIDRs", CIDR_FIXED));
          }
        }
      }
    }
    String oldProvider = Checks.text(old.node().path("spec"), "providerID");
    if (!oldProvider.isEmpty() && !oldProvider.equals(Checks.text(o.node().path("spec"), "providerID"))) {
      errs.add(FieldError.forbidden("spec.providerID",
          "node updates may not change providerID except from \"\" to valid"));
    }
    if (!Checks.text(old.node().path("spec"), "externalID")
        .equals(Checks.text(o.node().path("spec"), "externalID"))) {
      errs.add(FieldError.forbidden("spec.externalID", "may not be updated"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateStatusUpdate(KubeObject o, KubeObject old) {
    // Upstream checks a status write with the same rules as any other update of a node.
    return validateUpdate(o, old);
  }

  /** Upstream reports taints under metadata.taints, a quirk of its field path kept here for fidelity. */
  private static void taints(List<FieldError> errs, JsonNode taints) {
    Map<String, Set<String>> byEffect = new java.util.HashMap<>();
    for (int i = 0; i < taints.size(); i++) {
      JsonNode t = taints.get(i);
      String path = "metadata.taints[" + i + "]";
      String key = Checks.text(t, "key");
      String value = Checks.text(t, "value");
      String effect = Checks.text(t, "effect");
      for (String msg : NameRules.qualifiedName(key)) {
        errs.add(FieldError.invalid(path + ".key", key, msg));
      }
      List<String> valueErrs = NameRules.labelValue(value);
      if (!valueErrs.isEmpty()) {
        errs.add(FieldError.invalid(path + ".value", value, String.join(";", valueErrs)));
      }
      if (effect.isEmpty()) {
        errs.add(FieldError.required(path + ".effect", ""));
      } else if (!TAINT_EFFECTS.contains(effect)) {
        errs.add(Checks.notSupported(path + ".effect", effect, TAINT_EFFECTS));
      }
      Set<String> keys = byEffect.computeIfAbsent(effect, e -> new HashSet<>());
      if (!keys.add(key)) {
        errs.add(new FieldError(FieldError.Type.DUPLICATE, path, new GoValue("core.Taint{Key:"
            + FieldError.goQuote(key) + ", Value:" + FieldError.goQuote(value) + ", Effect:"
            + FieldError.goQuote(effect) + ", TimeAdded:<nil>}"), "taints must be unique by key and effect pair"));
      }
    }
  }

  /** Capacity and allocatable quantities must not be negative (upstream names them status.capacity.cpu). */
  private static void resources(List<FieldError> errs, KubeObject o) {
    for (String list : new String[] {"capacity", "allocatable"}) {
      for (Map.Entry<String, JsonNode> e : o.node().path("status").path(list).properties()) {
        Checks.nonNegative(errs, "status." + list + "." + e.getKey(), e.getValue());
      }
    }
  }
}
