package dev.capstan.server.registry.batch;

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
 * Jobs: upstream's defaults (one completion, backoff 6, NonIndexed, not suspended, manualSelector false); on
 * create the selector and the job-name and controller-uid labels (legacy and batch.kubernetes.io/) generated as
 * upstream's job strategy does; pods that restart OnFailure or Never; selector, completion mode and template
 * fixed once created.
 */
final class JobStrategy implements Strategy {
  static final String JOB_NAME = "batch.kubernetes.io/job-name";
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  private static final String LEGACY_JOB_NAME = "job-name";
  private static final String LEGACY_CONTROLLER_UID = "controller-uid";

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested("JobSpec", "int32", "spec", "parallelism")
        .nested("JobSpec", "int32", "spec", "completions")
        .nested("JobSpec", "int32", "spec", "backoffLimit")
        .nested("JobSpec", "int64", "spec", "activeDeadlineSeconds")
        .nested("JobSpec", "bool", "spec", "suspend")
        .nested("JobSpec", "bool", "spec", "manualSelector");
  }

  @Override
  public void applyDefaults(KubeObject o) {
    ObjectNode spec = o.node().get("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
    if (!(spec.get("template") instanceof ObjectNode)) {
      spec.putObject("template");
    }
    PodSpecs.applyTemplateDefaults(spec, "template");
    if (!spec.hasNonNull("completions") && !spec.hasNonNull("parallelism")) {
      spec.put("completions", 1);
    }
    putIfAbsent(spec, "parallelism", 1);
    if (!spec.hasNonNull("backoffLimit")) {
      spec.put("backoffLimit", spec.hasNonNull("backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
    }
    // A job without labels of its own shows its pods' labels.
    JsonNode templateLabels = spec.path("template").path("metadata").get("labels");
    if (templateLabels != null && templateLabels.isObject() && o.metadata().path("labels").isEmpty()) {
      o.metadata().set("labels", templateLabels.deepCopy());
    }
    if (spec.path("completionMode").asString("").isEmpty()) {
      spec.put("completionMode", "NonIndexed");
    }
    if (!spec.hasNonNull("suspend")) {
      spec.put("suspend", false);
    }
    if (spec.path("podReplacementPolicy").asString("").isEmpty()) {
      spec.put("podReplacementPolicy", spec.hasNonNull("podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
    }
    if (!spec.hasNonNull("manualSelector")) {
      spec.put("manualSelector", false);
    }
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    applyDefaults(o);
    ObjectNode spec = (ObjectNode) o.node().get("spec");
    if (!spec.path("manualSelector").asBoolean(false)) {
      ObjectNode template = (ObjectNode) spec.get("template");
      ObjectNode meta = template.get("metadata") instanceof ObjectNode m ? m : template.putObject("metadata");
      ObjectNode labels = meta.get("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
      for (String key : new String[] {LEGACY_JOB_NAME, JOB_NAME}) {
        putIfAbsent(labels, key, o.name());
      }
      for (String key : new String[] {LEGACY_CONTROLLER_UID, CONTROLLER_UID}) {
        putIfAbsent(labels, key, o.uid());
      }
      ObjectNode selector = spec.get("selector") instanceof ObjectNode s ? s : spec.putObject("selector");
      ObjectNode matchLabels = selector.get("matchLabels") instanceof ObjectNode m ? m
          : selector.putObject("matchLabels");
      putIfAbsent(matchLabels, CONTROLLER_UID, o.uid());
    }
    // Upstream's defaulting runs again when the stored job is read, copying the now complete template labels.
    applyDefaults(o);
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    JsonNode spec = o.node().path("spec");
    List<FieldError> errs = new ArrayList<>();
    JsonNode selector = spec.get("selector");
    JsonNode template = spec.path("template");
    if (selector == null || selector.isNull()) {
      errs.add(FieldError.required("spec.selector", ""));
    } else {
      errs.addAll(LabelSelectors.validate(selector, "spec.selector"));
      if (!LabelSelectors.isEmpty(selector)
          && !LabelSelectors.matches(selector, template.path("metadata").get("labels"))) {
        errs.add(PodSpecs.selectorMismatch(template, "spec.template"));
      }
      if (!spec.path("manualSelector").asBoolean(false)) {
        String expected = o.uid();
        if (!selector.path("matchLabels").path(CONTROLLER_UID).asString("").equals(expected)) {
          errs.add(FieldError.invalid("spec.selector", GoValues.labelSelector(selector),
              "`selector` not auto-generated"));
        }
      }
    }
    errs.addAll(validateSpec(spec, "spec"));
    return errs;
  }

  /** The rules a job's spec follows, also inside a CronJob's jobTemplate ({@code path} is where it sits). */
  static List<FieldError> validateSpec(JsonNode spec, String path) {
    List<FieldError> errs = new ArrayList<>();
    for (String field : new String[] {"parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished"}) {
      JsonNode v = spec.get(field);
      if (v != null && v.isNumber() && v.asLong() < 0) {
        errs.add(FieldError.invalid(path + "." + field, v.asLong(), "must be greater than or equal to 0"));
      }
    }
    JsonNode deadline = spec.get("activeDeadlineSeconds");
    if (deadline != null && deadline.isNumber() && deadline.asLong() <= 0) {
      errs.add(FieldError.invalid(path + ".activeDeadlineSeconds", deadline.asLong(), "must be greater than 0"));
    }
    String mode = spec.path("completionMode").asString("");
    if (!mode.isEmpty() && !mode.equals("NonIndexed") && !mode.equals("Indexed")) {
      errs.add(PodSpecs.notSupported(path + ".completionMode", mode, List.of("NonIndexed", "Indexed")));
    }
    JsonNode template = spec.path("template");
    errs.addAll(PodSpecs.validateTemplate(template, path + ".template"));
    FieldError restart = PodSpecs.restartPolicyNotIn(template, path + ".template", List.of("OnFailure", "Never"));
    if (restart != null) {
      errs.add(restart);
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = new ArrayList<>(validate(o));
    JsonNode now = o.node().path("spec");
    JsonNode before = old.node().path("spec");
    if (!JsonTrees.same(now.get("selector"), before.get("selector"))) {
      JsonNode selector = now.get("selector");
      errs.add(FieldError.invalid("spec.selector", selector == null || selector.isNull()
          ? new GoValues.Rendered("null") : GoValues.labelSelector(selector), "field is immutable"));
    }
    if (!JsonTrees.same(now.get("completionMode"), before.get("completionMode"))) {
      errs.add(FieldError.invalid("spec.completionMode", now.path("completionMode").asString(""),
          "field is immutable"));
    }
    boolean indexed = now.path("completionMode").asString("").equals("Indexed");
    if (!indexed && !JsonTrees.same(now.get("completions"), before.get("completions"))) {
      errs.add(FieldError.invalid("spec.completions", now.path("completions").asLong(0), "field is immutable"));
    }
    if (!JsonTrees.same(now.get("template"), before.get("template"))) {
      // Upstream prints the whole Go struct here; this shows its type only.
      errs.add(FieldError.invalid("spec.template", new GoValues.Rendered("core.PodTemplateSpec{...}"),
          "field is immutable"));
    }
    return errs;
  }

  private static void putIfAbsent(ObjectNode o, String field, int value) {
    if (!o.hasNonNull(field)) {
      o.put(field, value);
    }
  }

  private static void putIfAbsent(ObjectNode o, String field, String value) {
    if (!o.hasNonNull(field)) {
      o.put(field, value);
    }
  }
}
