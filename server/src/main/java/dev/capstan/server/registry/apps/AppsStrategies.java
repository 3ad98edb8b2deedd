package dev.capstan.server.registry.apps;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.pods.GoValues;
import dev.capstan.server.registry.pods.JsonTrees;
import dev.capstan.server.registry.pods.PodSpecs;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The per-kind strategies of apps/v1, with upstream's defaults (pkg/apis/apps/v1/defaults.go) and rules. */
final class AppsStrategies {
  private AppsStrategies() {}

  /** Deployments: 1 replica, RollingUpdate 25%/25%, 10 revisions kept, 600s progress deadline. */
  static final class Deployments extends WorkloadStrategy {
    Deployments() {
      super("DeploymentSpec", "deployment");
    }

    @Override
    void specDefaults(ObjectNode spec) {
      putIfAbsent(spec, "replicas", 1);
      ObjectNode strategy = object(spec, "strategy");
      if (strategy.path("type").asString("").isEmpty()) {
        strategy.put("type", "RollingUpdate");
      }
      if (strategy.path("type").asString("").equals("RollingUpdate")) {
        ObjectNode rolling = object(strategy, "rollingUpdate");
        putIfAbsent(rolling, "maxUnavailable", "25%");
        putIfAbsent(rolling, "maxSurge", "25%");
      }
      putIfAbsent(spec, "revisionHistoryLimit", 10);
      putIfAbsent(spec, "progressDeadlineSeconds", 600);
    }

    @Override
    FieldError deadlineError(long deadline) {
      return FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
          "activeDeadlineSeconds in ReplicaSet is not Supported");
    }

    @Override
    List<FieldError> validateSpec(JsonNode spec) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode strategy = spec.path("strategy");
      String type = strategy.path("type").asString("");
      if (type.equals("Recreate") && strategy.hasNonNull("rollingUpdate")) {
        errs.add(FieldError.forbidden("spec.strategy.rollingUpdate",
            "may not be specified when strategy `type` is 'Recreate'"));
      } else if (type.equals("RollingUpdate")) {
        errs.addAll(rollingUpdate(strategy.path("rollingUpdate"), "spec.strategy.rollingUpdate"));
      } else if (!type.equals("Recreate")) {
        errs.add(PodSpecs.notSupported("spec.strategy", type, List.of("Recreate", "RollingUpdate")));
      }
      nonNegative(spec, "minReadySeconds", errs);
      nonNegative(spec, "revisionHistoryLimit", errs);
      return errs;
    }
  }

  /** ReplicaSets: 1 replica. */
  static final class ReplicaSets extends WorkloadStrategy {
    ReplicaSets() {
      super("ReplicaSetSpec", "deployment"); // sic: upstream names deployments in the replica set's message
    }

    @Override
    void specDefaults(ObjectNode spec) {
      putIfAbsent(spec, "replicas", 1);
    }

    @Override
    FieldError deadlineError(long deadline) {
      return FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
          "activeDeadlineSeconds in ReplicaSet is not Supported");
    }
  }

  /**
   * StatefulSets: 1 replica, OrderedReady, RollingUpdate with partition 0, 10 revisions, claims retained; an
   * update may change only a few spec fields.
   */
  static final class StatefulSets extends WorkloadStrategy {
    private static final List<String> UPDATABLE = List.of("replicas", "ordinals", "template", "updateStrategy",
        "persistentVolumeClaimRetentionPolicy", "minReadySeconds");

    StatefulSets() {
      super("StatefulSetSpec", "statefulset");
    }

    @Override
    void specDefaults(ObjectNode spec) {
      putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
      ObjectNode update = object(spec, "updateStrategy");
      if (update.path("type").asString("").isEmpty()) {
        update.put("type", "RollingUpdate");
        object(update, "rollingUpdate");
      }
      if (update.path("type").asString("").equals("RollingUpdate") && update.get("rollingUpdate") instanceof ObjectNode r) {
        putIfAbsent(r, "partition", 0);
      }
      ObjectNode retention = object(spec, "persistentVolumeClaimRetentionPolicy");
      putIfAbsent(retention, "whenDeleted", "Retain");
      putIfAbsent(retention, "whenScaled", "Retain");
      putIfAbsent(spec, "replicas", 1);
      putIfAbsent(spec, "revisionHistoryLimit", 10);
      for (JsonNode t : spec.path("volumeClaimTemplates")) {
        if (t instanceof ObjectNode claim) {
          // Claim templates read back as whole PersistentVolumeClaims, as upstream's encoding writes them.
          putIfAbsent(claim, "apiVersion", "v1");
          putIfAbsent(claim, "kind", "PersistentVolumeClaim");
          PodSpecs.nullCreationTimestamp(claim);
          putIfAbsent(object(claim, "spec"), "volumeMode", "Filesystem");
          putIfAbsent(object(claim, "status"), "phase", "Pending");
        }
      }
    }

    @Override
    FieldError deadlineError(long deadline) {
      return FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
          "activeDeadlineSeconds in StatefulSet is not Supported");
    }

    @Override
    List<FieldError> validateSpec(JsonNode spec) {
      List<FieldError> errs = new ArrayList<>();
      String policy = spec.path("podManagementPolicy").asString("");
      if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
        errs.add(FieldError.invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
      }
      String type = spec.path("updateStrategy").path("type").asString("");
      if (!type.equals("RollingUpdate") && !type.equals("OnDelete")) {
        errs.add(FieldError.invalid("spec.updateStrategy", type, "must be 'RollingUpdate' or 'OnDelete'"));
      }
      JsonNode partition = spec.path("updateStrategy").path("rollingUpdate").get("partition");
      if (partition != null && partition.asLong(0) < 0) {
        errs.add(FieldError.invalid("spec.updateStrategy.rollingUpdate.partition", partition.asLong(),
            "must be greater than or equal to 0"));
      }
      nonNegative(spec, "minReadySeconds", errs);
      nonNegative(spec, "revisionHistoryLimit", errs);
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
      List<FieldError> errs = new ArrayList<>(validate(o));
      JsonNode before = old.node().path("spec");
      if (o.node().path("spec") instanceof ObjectNode now) {
        ObjectNode munged = now.deepCopy();
        for (String field : UPDATABLE) {
          if (before.has(field)) {
            munged.set(field, before.get(field).deepCopy());
          } else {
            munged.remove(field);
          }
        }
        if (!JsonTrees.same(munged, before)) {
          errs.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', "
              + "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
              + "'minReadySeconds' are forbidden"));
        }
      }
      return errs;
    }
  }

  /** DaemonSets: RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions kept. */
  static final class DaemonSets extends WorkloadStrategy {
    DaemonSets() {
      super("DaemonSetSpec", "daemonset");
    }

    @Override
    void specDefaults(ObjectNode spec) {
      ObjectNode update = object(spec, "updateStrategy");
      if (update.path("type").asString("").isEmpty()) {
        update.put("type", "RollingUpdate");
      }
      if (update.path("type").asString("").equals("RollingUpdate")) {
        ObjectNode rolling = object(update, "rollingUpdate");
        putIfAbsent(rolling, "maxUnavailable", 1);
        putIfAbsent(rolling, "maxSurge", 0);
      }
      putIfAbsent(spec, "revisionHistoryLimit", 10);
    }

    @Override
    FieldError deadlineError(long deadline) {
      return FieldError.invalid("spec.template.spec.activeDeadlineSeconds", deadline,
          "activeDeadlineSeconds must be nil for DaemonSets");
    }

    @Override
    List<FieldError> validateSpec(JsonNode spec) {
      List<FieldError> errs = new ArrayList<>();
      JsonNode update = spec.path("updateStrategy");
      String type = update.path("type").asString("");
      if (type.equals("RollingUpdate")) {
        errs.addAll(rollingUpdate(update.path("rollingUpdate"), "spec.updateStrategy.rollingUpdate"));
      } else if (!type.equals("OnDelete")) {
        errs.add(PodSpecs.notSupported("spec.updateStrategy.type", type, List.of("RollingUpdate", "OnDelete")));
      }
      nonNegative(spec, "minReadySeconds", errs);
      nonNegative(spec, "revisionHistoryLimit", errs);
      return errs;
    }
  }

  /** ControllerRevisions: a non-negative revision; the data may not change. */
  static final class ControllerRevisions implements Strategy {
    @Override
    public void checkTypes(KubeObject o, String kind, String apiVersion) {
      TypeChecks.of(o, kind, apiVersion);
      JsonNode revision = o.node().get("revision");
      if (revision != null && !revision.isNull() && !revision.isIntegralNumber()) {
        throw dev.capstan.api.ApiException.badRequest(kind + " in version \"v1\" cannot be handled as a " + kind
            + ": json: cannot unmarshal " + (revision.isString() ? "string" : "value")
            + " into Go struct field " + kind + ".revision of type int64");
      }
    }

    @Override
    public List<FieldError> validate(KubeObject o) {
      long revision = o.node().path("revision").asLong(0);
      return revision < 0
          ? List.of(FieldError.invalid("revision", revision, "must be greater than or equal to 0")) : List.of();
    }

    @Override
    public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
      List<FieldError> errs = new ArrayList<>(validate(o));
      if (!JsonTrees.same(o.node().get("data"), old.node().get("data"))) {
        errs.add(FieldError.invalid("data", new GoValues.Rendered(String.valueOf(o.node().get("data"))),
            "field is immutable"));
      }
      return errs;
    }
  }

  /** maxUnavailable and maxSurge: not both 0; percentages at most 100% for maxUnavailable. */
  static List<FieldError> rollingUpdate(JsonNode rolling, String path) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode unavailable = rolling.get("maxUnavailable");
    JsonNode surge = rolling.get("maxSurge");
    if (isZero(unavailable) && isZero(surge)) {
      errs.add(FieldError.invalid(path + ".maxUnavailable", intOrString(unavailable),
          "may not be 0 when `maxSurge` is 0"));
    }
    if (unavailable != null && unavailable.isString() && percent(unavailable.asString()) > 100) {
      errs.add(FieldError.invalid(path + ".maxUnavailable", unavailable.asString(),
          "must not be greater than 100%"));
    }
    return errs;
  }

  private static boolean isZero(JsonNode v) {
    if (v == null || v.isNull()) {
      return true;
    }
    return v.isString() ? percent(v.asString()) == 0 : v.asLong(0) == 0;
  }

  private static long percent(String s) {
    try {
      return Long.parseLong(s.endsWith("%") ? s.substring(0, s.length() - 1) : s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** An intstr.IntOrString as Go's %#v prints it, which is how upstream shows it in this message. */
  private static GoValues.Rendered intOrString(JsonNode v) {
    if (v != null && v.isString()) {
      return new GoValues.Rendered("intstr.IntOrString{Type:1, IntVal:0, StrVal:" + FieldError.goQuote(v.asString())
          + "}");
    }
    return new GoValues.Rendered("intstr.IntOrString{Type:0, IntVal:" + (v == null ? 0 : v.asLong(0))
        + ", StrVal:\"\"}");
  }

  private static void nonNegative(JsonNode spec, String field, List<FieldError> errs) {
    JsonNode v = spec.get(field);
    if (v != null && v.isNumber() && v.asLong() < 0) {
      errs.add(FieldError.invalid("spec." + field, v.asLong(), "must be greater than or equal to 0"));
    }
  }
}
