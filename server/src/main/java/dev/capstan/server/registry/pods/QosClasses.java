package dev.capstan.server.registry.pods;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A pod's QoS class as upstream computes it at create (pkg/apis/core/helper/qos): only cpu and memory count;
 * BestEffort without any, Guaranteed when every container limits both and requests equal limits, else Burstable.
 */
final class QosClasses {
  private static final Set<String> COUNTED = Set.of("cpu", "memory");

  private QosClasses() {}

  static String of(JsonNode spec) {
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        add(c.path("resources").path("requests"), requests);
        Set<String> limited = add(c.path("resources").path("limits"), limits);
        if (!limited.containsAll(COUNTED)) {
          guaranteed = false;
        }
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return "BestEffort";
    }
    if (guaranteed) {
      for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
        BigDecimal limit = limits.get(e.getKey());
        if (limit == null || limit.compareTo(e.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
  }

  /** Adds the non-zero cpu and memory amounts to {@code sums}; answers which of the two were set. */
  private static Set<String> add(JsonNode amounts, Map<String, BigDecimal> sums) {
    Set<String> found = new HashSet<>();
    for (String name : COUNTED) {
      JsonNode v = amounts.get(name);
      BigDecimal q = v == null ? null : Quantities.parse(v.asString(""));
      if (q != null && q.signum() != 0) {
        found.add(name);
        sums.merge(name, q, BigDecimal::add);
      }
    }
    return found;
  }
}
