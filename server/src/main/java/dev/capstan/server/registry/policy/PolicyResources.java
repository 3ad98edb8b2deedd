package dev.capstan.server.registry.policy;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.GoValue;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** policy/v1: PodDisruptionBudgets, with upstream's validation, generation tracking and columns. */
public final class PolicyResources {
  private PolicyResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(podDisruptionBudgets());
  }

  static ResourceDefinition podDisruptionBudgets() {
    return ResourceDefinition.builder("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget")
        .shortNames("pdb").strategy(new PdbStrategy()).statusSubresource().generation()
        .table(List.of(new Tables.Column("Name", "string", "name", "The object's name, unique within its namespace.", 0),
            new Tables.Column("Min Available", "string", "", "The minimum number of pods that must be available.", 0),
            new Tables.Column("Max Unavailable", "string", "", "The maximum number of pods that may be unavailable.",
                0),
            new Tables.Column("Allowed Disruptions", "integer", "", "How many pods may be disrupted now.", 0),
            new Tables.Column("Age", "string", "", "How long ago the object was created.", 0)),
            (o, now) -> List.of(o.name(), PdbStrategy.intOrString(o.node().path("spec").get("minAvailable")),
                PdbStrategy.intOrString(o.node().path("spec").get("maxUnavailable")),
                o.node().path("status").path("disruptionsAllowed").asLong(0),
                Ages.since(o.metadata().path("creationTimestamp").asString(""), now)))
        .build();
  }

  /**
   * PodDisruptionBudgets: minAvailable and maxUnavailable are each a non-negative count or a percentage of at most
   * 100%, and not both; the eviction policy and selector operators are upstream's; status counts non-negative.
   */
  static final class PdbStrategy implements Strategy {
    static final List<String> EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");
    private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");
    private static final String PERCENT = "[0-9]+%";
    private static final String[] STATUS_COUNTS = {"disruptionsAllowed", "currentHealthy", "desiredHealthy",
        "expectedPods", "observedGeneration"};

    @Override
    public void checkTypes(KubeObject o, String kind, String apiVersion) {
      TypeChecks.of(o, kind, apiVersion).nested("PodDisruptionBudgetSpec", "string", "spec",
          "unhealthyPodEvictionPolicy");
    }

    @Override
    public List<FieldError> validate(KubeObject o) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode spec = o.node().path("spec");
      JsonNode min = present(spec.get("minAvailable"));
      JsonNode max = present(spec.get("maxUnavailable"));
      if (min != null && max != null) {
        errs.add(FieldError.invalid("spec", new GoValue("policy.PodDisruptionBudgetSpec{MinAvailable:"
            + intOrString(min) + ", MaxUnavailable:" + intOrString(max) + "}"),
            "minAvailable and maxUnavailable cannot be both set"));
      }
      intOrPercent(errs, "spec.minAvailable", min);
      intOrPercent(errs, "spec.maxUnavailable", max);
      JsonNode exprs = spec.path("selector").path("matchExpressions");
      for (int i = 0; i < exprs.size(); i++) {
        String op = Checks.text(exprs.get(i), "operator");
        if (!OPERATORS.contains(op)) {
          errs.add(FieldError.invalid("spec.selector.matchExpressions[" + i + "].operator", op,
              "not a valid selector operator"));
        }
      }
      String policy = Checks.text(spec, "unhealthyPodEvictionPolicy");
      if (!policy.isEmpty() && !EVICTION_POLICIES.contains(policy)) {
        errs.add(Checks.notSupported("spec.unhealthyPodEvictionPolicy", policy, EVICTION_POLICIES));
      }
      return errs;
    }

    @Override
    public List<FieldError> validateStatusUpdate(KubeObject o, KubeObject old) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode status = o.node().path("status");
      for (String f : STATUS_COUNTS) {
        long v = status.path(f).asLong(0);
        if (v < 0) {
          errs.add(FieldError.invalid("status." + f, v, Checks.NEGATIVE));
        }
      }
      return errs;
    }

    /** A count that may not be negative, or a percentage of at most 100%. */
    private static void intOrPercent(List<FieldError> errs, String path, JsonNode v) {
      if (v == null) {
        return;
      }
      if (v.isIntegralNumber()) {
        if (v.asLong() < 0) {
          errs.add(FieldError.invalid(path, v.asLong(), Checks.NEGATIVE));
        }
        return;
      }
      String s = v.asString("");
      if (!s.matches(PERCENT)) {
        errs.add(FieldError.invalid(path, s, "a valid percent string must be a numeric string followed by an "
            + "ending '%' (e.g. '1%',  or '93%', regex used for validation is '" + PERCENT + "')"));
      } else if (Long.parseLong(s.substring(0, s.length() - 1)) > 100) {
        errs.add(FieldError.invalid(path, s, "must not be greater than 100%"));
      }
    }

    private static JsonNode present(JsonNode v) {
      return v == null || v.isNull() ? null : v;
    }

    /** An IntOrString as upstream prints it, or {@code N/A} when unset. */
    static String intOrString(JsonNode v) {
      if (v == null || v.isNull()) {
        return "N/A";
      }
      return v.isNumber() ? Long.toString(v.asLong()) : v.asString("");
    }
  }
}
