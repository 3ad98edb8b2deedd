package dev.capstan.server.registry.pods;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods: PodSpec defaults, the default admission plugins' effects and an initial status (Pending, QoS class) on
 * create, the spec frozen but for the few fields upstream lets an update change, and graceful deletion.
 */
final class PodStrategy implements Strategy {
  /** The fields a pod update may change, as upstream's message lists them. */
  static final String UPDATABLE_FIELDS = String.join(",",
      "`spec.containers[*].image`",
      "`spec.initContainers[*].image`",
      "`spec.activeDeadlineSeconds`",
      "`spec.tolerations` (only additions to existing tolerations)",
      "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");

  private final PodAdmissionDefaults admission;

  PodStrategy(RandomGenerator random) {
    this.admission = new PodAdmissionDefaults(random);
  }

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested("PodSpec", "string", "spec", "nodeName")
        .nested("PodSpec", "string", "spec", "restartPolicy")
        .nested("PodSpec", "string", "spec", "serviceAccountName")
        .nested("PodSpec", "int64", "spec", "terminationGracePeriodSeconds")
        .nested("PodSpec", "bool", "spec", "hostNetwork");
  }

  @Override
  public void applyDefaults(KubeObject o) {
    PodSpecs.applyPodDefaults(spec(o));
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    ObjectNode spec = spec(o);
    // Admission runs before the strategy upstream; here it runs first thing in the strategy, which is the same
    // order as far as a client can tell. The defaults run again for what admission added.
    admission.admit(o.node());
    PodSpecs.applyPodDefaults(spec);
    ObjectNode status = o.node().putObject("status");
    status.put("phase", "Pending");
    status.put("qosClass", QosClasses.of(spec));
    if (!spec.path("schedulingGates").isEmpty()) {
      status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False")
          .putNull("lastProbeTime").putNull("lastTransitionTime").put("reason", "SchedulingGated")
          .put("message", "Scheduling is blocked due to non-empty scheduling gates");
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    return PodSpecs.validateSpec(o.node().path("spec"), "spec");
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = new ArrayList<>(validate(o));
    JsonNode before = old.node().path("spec");
    JsonNode after = o.node().path("spec");
    if (!JsonTrees.same(mungeUpdatable(after, before), before)) {
      errs.add(FieldError.forbidden("spec", "pod updates may not change fields other than " + UPDATABLE_FIELDS));
    }
    return errs;
  }

  /** The new spec with every change upstream allows undone, so what remains differs only if it is forbidden. */
  private static JsonNode mungeUpdatable(JsonNode after, JsonNode before) {
    if (!(after instanceof ObjectNode)) {
      return after;
    }
    ObjectNode munged = ((ObjectNode) after).deepCopy();
    for (String list : new String[] {"containers", "initContainers"}) {
      JsonNode now = munged.path(list);
      JsonNode then = before.path(list);
      if (now.size() == then.size()) {
        for (int i = 0; i < now.size(); i++) {
          if (now.get(i) instanceof ObjectNode c && then.get(i).has("image")) {
            c.set("image", then.get(i).get("image").deepCopy());
          }
        }
      }
    }
    copy(before, munged, "activeDeadlineSeconds");
    if (keepsAll(munged.path("tolerations"), before.path("tolerations"))) {
      copy(before, munged, "tolerations");
    }
    if (before.path("terminationGracePeriodSeconds").asLong(0) < 0
        && munged.path("terminationGracePeriodSeconds").asLong(0) == 1) {
      copy(before, munged, "terminationGracePeriodSeconds");
    }
    if (keepsAll(before.path("schedulingGates"), munged.path("schedulingGates"))) {
      copy(before, munged, "schedulingGates"); // gates may only be removed
    }
    return munged;
  }

  /** True when every item of {@code older} is still in {@code newer}. */
  private static boolean keepsAll(JsonNode newer, JsonNode older) {
    for (JsonNode item : older) {
      boolean found = false;
      for (JsonNode candidate : newer) {
        found |= JsonTrees.same(candidate, item);
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    } else {
      to.remove(field);
    }
  }

  /**
   * Upstream's pod deletion grace: the requested period, else the pod's terminationGracePeriodSeconds; at once
   * when the pod never reached a node or has finished; a negative period means 1.
   */
  @Override
  public long gracePeriodSeconds(KubeObject o, Long requested) {
    JsonNode spec = o.node().path("spec");
    long period = requested != null ? requested : spec.path("terminationGracePeriodSeconds").asLong(0);
    String phase = o.node().path("status").path("phase").asString("");
    if (spec.path("nodeName").asString("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
      period = 0;
    }
    return period < 0 ? 1 : period;
  }

  private static ObjectNode spec(KubeObject o) {
    return o.node().get("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
  }
}
