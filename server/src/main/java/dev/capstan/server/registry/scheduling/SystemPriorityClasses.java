package dev.capstan.server.registry.scheduling;

import dev.capstan.api.KubeObject;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The priority classes upstream's API server creates when it starts (its scheduling REST storage's post-start
 * hook): critical pods rely on them existing. Names starting with {@value #PREFIX} are reserved for exactly these.
 */
public final class SystemPriorityClasses {
  public static final String PREFIX = "system-";
  /** The highest value a user-defined class may have. */
  public static final long HIGHEST_USER_DEFINABLE = 1_000_000_000L;
  /** The value of system-cluster-critical; system-node-critical is 1000 above it. */
  public static final long SYSTEM_CRITICAL = 2 * HIGHEST_USER_DEFINABLE;
  public static final String NODE_CRITICAL = "system-node-critical";
  public static final String CLUSTER_CRITICAL = "system-cluster-critical";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private SystemPriorityClasses() {}

  /** Fresh objects to create at start (when absent); each call returns new copies the caller may change. */
  public static List<KubeObject> objects() {
    return List.of(
        object(NODE_CRITICAL, SYSTEM_CRITICAL + 1000,
            "Used for system critical pods that must not be moved from their current node."),
        object(CLUSTER_CRITICAL, SYSTEM_CRITICAL,
            "Used for system critical pods that must run in the cluster, but can be moved to another node if "
                + "necessary."));
  }

  /** The value a reserved name must have, or null when the name is not one of the system classes. */
  static Long valueOf(String name) {
    return switch (name) {
      case NODE_CRITICAL -> SYSTEM_CRITICAL + 1000;
      case CLUSTER_CRITICAL -> SYSTEM_CRITICAL;
      default -> null;
    };
  }

  private static KubeObject object(String name, long value, String description) {
    ObjectNode n = JSON.createObjectNode();
    n.put("apiVersion", "scheduling.k8s.io/v1").put("kind", "PriorityClass");
    n.putObject("metadata").put("name", name);
    n.put("value", value);
    n.put("description", description);
    n.put("preemptionPolicy", "PreemptLowerPriority");
    return KubeObject.wrap(n);
  }
}
