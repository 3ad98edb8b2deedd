package dev.capstan.server.registry.core;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/** Namespaces: label-syntax names, the {@code kubernetes} finalizer, phase Active, and the name label. */
final class NamespaceStrategy implements Strategy {
  static final String NAME_LABEL = "kubernetes.io/metadata.name";

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion).stringList("NamespaceSpec", "spec", "finalizers");
  }

  @Override
  public Function<String, List<String>> nameRule() {
    return NameRules::dns1123Label;
  }

  @Override
  public boolean labelNames() {
    return true;
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    ObjectNode spec = o.node().path("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
    if (!spec.has("finalizers")) {
      spec.putArray("finalizers").add("kubernetes");
    }
    o.node().putObject("status").put("phase", "Active");
    labelWithName(o);
  }

  @Override
  public void prepareForUpdate(KubeObject o, KubeObject old) {
    // The main resource does not change status; /status (not served yet) does.
    o.node().set("status", old.node().path("status").deepCopy());
    labelWithName(o);
  }

  private static void labelWithName(KubeObject o) {
    if (!o.name().isEmpty()) {
      ObjectNode labels = o.metadata().path("labels") instanceof ObjectNode l ? l : o.metadata().putObject("labels");
      labels.put(NAME_LABEL, o.name());
    }
  }
}
