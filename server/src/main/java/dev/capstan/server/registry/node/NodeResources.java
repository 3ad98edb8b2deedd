package dev.capstan.server.registry.node;

import static dev.capstan.server.registry.shared.Cells.AGE;
import static dev.capstan.server.registry.shared.Cells.NAME;
import static dev.capstan.server.registry.shared.Cells.column;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Cells;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;

/** node.k8s.io/v1: RuntimeClasses, which name the container runtime handler pods may ask for. */
public final class NodeResources {
  private NodeResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(runtimeClasses());
  }

  static ResourceDefinition runtimeClasses() {
    return ResourceDefinition.builder("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass").clusterScoped()
        .strategy(new RuntimeClassStrategy())
        .table(List.of(NAME, column("Handler", "string", "handler specifies the underlying runtime and configuration "
            + "that the CRI implementation will use to handle pods of this class."), AGE),
        (o, now) -> List.of(o.name(), Cells.text(o.node(), "handler"), Cells.age(o, now)))
        .build();
  }

  /** The handler is a DNS label (so an empty one fails the label rule, as upstream) and never changes. */
  static final class RuntimeClassStrategy implements Strategy {
    @Override
    public void checkTypes(KubeObject o, String kind, String apiVersion) {
      TypeChecks.of(o, kind, apiVersion).string("handler");
    }

    @Override
    public List<FieldError> validate(KubeObject o) {
      List<FieldError> errs = new ArrayList<>();
      String handler = o.node().path("handler").asString("");
      NameRules.dns1123Label(handler).forEach(m -> errs.add(FieldError.invalid("handler", handler, m)));
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
      List<FieldError> errs = validate(o);
      String handler = o.node().path("handler").asString("");
      if (!handler.equals(old.node().path("handler").asString(""))) {
        errs.add(Rules.immutable("handler", handler));
      }
      return errs;
    }
  }
}
