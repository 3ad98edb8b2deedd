package dev.capstan.server.registry.scheduling;

import static dev.capstan.server.registry.shared.Cells.AGE;
import static dev.capstan.server.registry.shared.Cells.NAME;
import static dev.capstan.server.registry.shared.Cells.column;

import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.shared.Cells;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** scheduling.k8s.io/v1: PriorityClasses, with the two system classes upstream creates at start. */
public final class SchedulingResources {
  static final String GROUP = "scheduling.k8s.io";

  private SchedulingResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(priorityClasses());
  }

  static ResourceDefinition priorityClasses() {
    // Server-side tables are always wide, so PreemptionPolicy is printed too, after Age as upstream orders it.
    return ResourceDefinition.builder(GROUP, "v1", "priorityclasses", "PriorityClass").clusterScoped()
        .shortNames("pc").strategy(new PriorityClassStrategy())
        .table(List.of(NAME,
            column("Value", "integer", "value represents the integer value of this priority class."),
            column("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be "
                + "considered as the default priority for pods that do not have any priority class."),
            AGE,
            column("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower "
                + "priority.")),
        (o, now) -> {
          JsonNode n = o.node();
          return List.of(o.name(), n.path("value").asLong(0), Cells.bool(n, false, "globalDefault"),
              Cells.age(o, now), Cells.text(n, "preemptionPolicy"));
        })
        .build();
  }
}
