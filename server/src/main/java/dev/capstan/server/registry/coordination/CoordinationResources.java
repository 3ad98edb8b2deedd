package dev.capstan.server.registry.coordination;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** coordination.k8s.io/v1: Leases, which leader election and node heartbeats write. */
public final class CoordinationResources {
  private CoordinationResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(leases());
  }

  static ResourceDefinition leases() {
    return ResourceDefinition.builder("coordination.k8s.io", "v1", "leases", "Lease").strategy(new LeaseStrategy())
        .table(List.of(new Tables.Column("Name", "string", "name", "The object's name, unique within its namespace.", 0),
            new Tables.Column("Holder", "string", "", "The identity of the lease's current holder.", 0),
            new Tables.Column("Age", "string", "", "How long ago the object was created.", 0)),
        (o, now) -> List.of(o.name(), o.node().path("spec").path("holderIdentity").asString(""),
            Ages.since(o.metadata().path("creationTimestamp").asString(""), now)))
        .build();
  }

  /** Leases: positive durations, non-negative transition counts, as upstream validates them. */
  static final class LeaseStrategy implements Strategy {
    @Override
    public void checkTypes(KubeObject o, String kind, String apiVersion) {
      TypeChecks.of(o, kind, apiVersion)
          .nested("LeaseSpec", "string", "spec", "holderIdentity")
          .nested("LeaseSpec", "int32", "spec", "leaseDurationSeconds")
          .nested("LeaseSpec", "v1.MicroTime", "spec", "acquireTime")
          .nested("LeaseSpec", "v1.MicroTime", "spec", "renewTime")
          .nested("LeaseSpec", "int32", "spec", "leaseTransitions");
    }

    @Override
    public List<FieldError> validate(KubeObject o) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode spec = o.node().path("spec");
      JsonNode duration = spec.get("leaseDurationSeconds");
      if (duration != null && duration.isIntegralNumber() && duration.asLong() <= 0) {
        errs.add(FieldError.invalid("spec.leaseDurationSeconds", duration.asLong(), "must be greater than 0"));
      }
      JsonNode transitions = spec.get("leaseTransitions");
      if (transitions != null && transitions.isIntegralNumber() && transitions.asLong() < 0) {
        errs.add(FieldError.invalid("spec.leaseTransitions", transitions.asLong(),
            "must be greater than or equal to 0"));
      }
      return errs;
    }
  }
}
