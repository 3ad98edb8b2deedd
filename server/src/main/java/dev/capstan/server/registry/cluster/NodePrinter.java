package dev.capstan.server.registry.cluster;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.values.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The cells of a node row as upstream prints them: status from the Ready condition, roles from labels. */
final class NodePrinter {
  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  private static final String ROLE_LABEL = "kubernetes.io/role";

  private NodePrinter() {}

  static List<Object> cells(KubeObject o, String age) {
    JsonNode status = o.node().path("status");
    JsonNode info = status.path("nodeInfo");
    return List.of(o.name(), status(o), roles(o), age, Checks.text(info, "kubeletVersion"),
        address(status, "InternalIP"), address(status, "ExternalIP"), orUnknown(Checks.text(info, "osImage")),
        orUnknown(Checks.text(info, "kernelVersion")), orUnknown(Checks.text(info, "containerRuntimeVersion")));
  }

  /** {@code Ready}, {@code NotReady} or {@code Unknown}, then {@code SchedulingDisabled} for a cordoned node. */
  static String status(KubeObject o) {
    String ready = null;
    for (JsonNode c : o.node().path("status").path("conditions")) {
      if (Checks.text(c, "type").equals("Ready")) {
        ready = Checks.text(c, "status").equals("True") ? "Ready" : "NotReady";
      }
    }
    List<String> parts = new ArrayList<>();
    parts.add(ready == null ? "Unknown" : ready);
    if (o.node().path("spec").path("unschedulable").asBoolean(false)) {
      parts.add("SchedulingDisabled");
    }
    return String.join(",", parts);
  }

  /** The sorted roles from {@code node-role.kubernetes.io/<role>} and {@code kubernetes.io/role} labels. */
  static String roles(KubeObject o) {
    TreeSet<String> roles = new TreeSet<>();
    for (Map.Entry<String, JsonNode> e : o.metadata().path("labels").properties()) {
      String key = e.getKey();
      if (key.startsWith(ROLE_PREFIX) && key.length() > ROLE_PREFIX.length()) {
        roles.add(key.substring(ROLE_PREFIX.length()));
      } else if (key.equals(ROLE_LABEL) && !e.getValue().asString("").isEmpty()) {
        roles.add(e.getValue().asString(""));
      }
    }
    return roles.isEmpty() ? "<none>" : String.join(",", roles);
  }

  private static String address(JsonNode status, String type) {
    for (JsonNode a : status.path("addresses")) {
      if (Checks.text(a, "type").equals(type)) {
        return Checks.text(a, "address");
      }
    }
    return "<none>";
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "<unknown>" : s;
  }
}
