package dev.capstan.server.registry.apps;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.pods.GoValues;
import dev.capstan.server.registry.pods.JsonTrees;
import dev.capstan.server.registry.pods.LabelSelectors;
import dev.capstan.server.registry.pods.PodSpecs;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What apps/v1 Deployments, ReplicaSets, StatefulSets and DaemonSets share: a required, non-empty label selector
 * that must select the pod template's labels and may not change, a template whose pods restart Always and have
 * no deadline, non-negative replicas. Subclasses add their kind's defaults and rules.
 */
abstract class WorkloadStrategy implements Strategy {
  private final String specStruct;
  private final String emptySelectorKind;

  /**
   * @param specStruct the Go struct of the spec, for type errors (e.g. {@code DeploymentSpec})
   * @param emptySelectorKind how upstream names the kind when rejecting an empty selector
   */
  WorkloadStrategy(String specStruct, String emptySelectorKind) {
    this.specStruct = specStruct;
    this.emptySelectorKind = emptySelectorKind;
  }

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested(specStruct, "int32", "spec", "replicas")
        .nested(specStruct, "int32", "spec", "minReadySeconds")
        .nested(specStruct, "int32", "spec", "revisionHistoryLimit");
  }

  @Override
  public void applyDefaults(KubeObject o) {
    ObjectNode spec = spec(o);
    PodSpecs.applyTemplateDefaults(spec, "template");
    specDefaults(spec);
  }

  /** The kind's own spec defaults. */
  abstract void specDefaults(ObjectNode spec);

  @Override
  public void prepareForCreate(KubeObject o) {
    applyDefaults(o);
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    JsonNode replicas = spec.get("replicas");
    if (replicas != null && replicas.asLong(0) < 0) {
      errs.add(FieldError.invalid("spec.replicas", replicas.asLong(), "must be greater than or equal to 0"));
    }
    JsonNode selector = spec.get("selector");
    if (selector == null || selector.isNull()) {
      errs.add(FieldError.required("spec.selector", ""));
    } else {
      errs.addAll(LabelSelectors.validate(selector, "spec.selector"));
      if (LabelSelectors.isEmpty(selector)) {
        errs.add(FieldError.invalid("spec.selector", GoValues.labelSelector(selector),
            "empty selector is invalid for " + emptySelectorKind));
      }
    }
    JsonNode template = spec.path("template");
    // An absent selector selects nothing, so the template never matches; an empty one is not checked.
    boolean absent = selector == null || selector.isNull();
    if (absent || (!LabelSelectors.isEmpty(selector)
        && !LabelSelectors.matches(selector, template.path("metadata").get("labels")))) {
      errs.add(PodSpecs.selectorMismatch(template, "spec.template"));
    }
    errs.addAll(PodSpecs.validateTemplate(template, "spec.template"));
    FieldError restart = PodSpecs.restartPolicyNotIn(template, "spec.template", List.of("Always"));
    if (restart != null) {
      errs.add(restart);
    }
    if (template.path("spec").hasNonNull("activeDeadlineSeconds")) {
      errs.add(deadlineError(template.path("spec").path("activeDeadlineSeconds").asLong()));
    }
    errs.addAll(validateSpec(spec));
    return errs;
  }

  /** The error for a template with activeDeadlineSeconds, worded as upstream words it for this kind. */
  abstract FieldError deadlineError(long deadline);

  /** The kind's own spec rules. */
  List<FieldError> validateSpec(JsonNode spec) {
    return List.of();
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = new ArrayList<>(validate(o));
    JsonNode now = o.node().path("spec").get("selector");
    JsonNode before = old.node().path("spec").get("selector");
    if (!JsonTrees.same(now, before)) {
      errs.add(FieldError.invalid("spec.selector", now == null || now.isNull()
          ? new GoValues.Rendered("null") : GoValues.labelSelector(now), "field is immutable"));
    }
    return errs;
  }

  static ObjectNode spec(KubeObject o) {
    return o.node().get("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
  }

  static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
  }

  static void putIfAbsent(ObjectNode o, String field, int value) {
    if (!o.hasNonNull(field)) {
      o.put(field, value);
    }
  }

  static void putIfAbsent(ObjectNode o, String field, String value) {
    if (!o.hasNonNull(field)) {
      o.put(field, value);
    }
  }
}
