package dev.capstan.server.registry.scheduling;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * PriorityClasses: preemptionPolicy defaults to PreemptLowerPriority; user classes stay at or below one billion,
 * names with the {@code system-} prefix are reserved for the system classes with their exact values; value and
 * preemptionPolicy never change.
 */
final class PriorityClassStrategy implements Strategy {
  private static final List<String> PREEMPTION_POLICIES = List.of("Never", "PreemptLowerPriority");

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion).nested("PriorityClass", "int32", "value").bool("globalDefault")
        .string("description").string("preemptionPolicy");
  }

  @Override
  public void applyDefaults(KubeObject o) {
    if (!o.node().path("preemptionPolicy").isString()) {
      o.node().put("preemptionPolicy", "PreemptLowerPriority");
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode n = o.node();
    long value = n.path("value").asLong(0);
    boolean globalDefault = n.path("globalDefault").asBoolean(false);
    String name = o.name();
    if (name.startsWith(SystemPriorityClasses.PREFIX)) {
      String problem = systemClassProblem(name, value, globalDefault);
      if (problem != null) {
        errs.add(FieldError.forbidden("metadata.name", "priority class names with '" + SystemPriorityClasses.PREFIX
            + "' prefix are reserved for system use only. error: " + problem));
      }
    } else if (value > SystemPriorityClasses.HIGHEST_USER_DEFINABLE) {
      errs.add(FieldError.forbidden("value", "maximum allowed value of a user defined priority is "
          + SystemPriorityClasses.HIGHEST_USER_DEFINABLE));
    }
    JsonNode policy = n.get("preemptionPolicy");
    if (policy != null && !policy.isNull() && !PREEMPTION_POLICIES.contains(policy.asString(""))) {
      errs.add(Rules.notSupported("preemptionPolicy", policy.asString(""), PREEMPTION_POLICIES));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = validate(o);
    if (o.node().path("value").asLong(0) != old.node().path("value").asLong(0)) {
      errs.add(FieldError.forbidden("value", "may not be changed in an update."));
    }
    String policy = o.node().path("preemptionPolicy").asString("");
    if (!policy.equals(old.node().path("preemptionPolicy").asString(""))) {
      errs.add(Rules.immutable("preemptionPolicy", policy));
    }
    return errs;
  }

  /** Why a reserved name does not match its system class, worded as upstream's error; null when it matches. */
  private static String systemClassProblem(String name, long value, boolean globalDefault) {
    Long expected = SystemPriorityClasses.valueOf(name);
    if (expected == null) {
      return name + " is not a known system priority class";
    }
    if (expected != value) {
      return "value of " + name + " PriorityClass must be " + expected;
    }
    if (globalDefault) {
      return "globalDefault of " + name + " PriorityClass must be false";
    }
    return null;
  }
}
