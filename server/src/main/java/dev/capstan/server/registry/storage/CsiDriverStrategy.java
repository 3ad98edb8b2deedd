package dev.capstan.server.registry.storage;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import tools.jackson.databind.node.ObjectNode;

/** CSIDrivers: upstream's defaults for the driver's capabilities (attach required, persistent volumes only). */
final class CsiDriverStrategy implements Strategy {
  @Override
  public void applyDefaults(KubeObject o) {
    ObjectNode spec = o.node().path("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
    defaultBool(spec, "attachRequired", true);
    defaultBool(spec, "podInfoOnMount", false);
    defaultBool(spec, "storageCapacity", false);
    if (!spec.path("fsGroupPolicy").isString()) {
      spec.put("fsGroupPolicy", "ReadWriteOnceWithFSType");
    }
    if (spec.path("volumeLifecycleModes").isEmpty()) {
      spec.putArray("volumeLifecycleModes").add("Persistent");
    }
    defaultBool(spec, "requiresRepublish", false);
    defaultBool(spec, "seLinuxMount", false);
  }

  private static void defaultBool(ObjectNode spec, String field, boolean value) {
    if (!spec.path(field).isBoolean()) {
      spec.put(field, value);
    }
  }
}
