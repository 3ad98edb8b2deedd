package dev.capstan.server.registry.pods;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ReplicationControllers: the selector and the controller's labels default to the template's labels, replicas to
 * 1; the selector must be non-empty and select the template, whose pods must restart Always.
 */
final class ReplicationControllerStrategy implements Strategy {
  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested("ReplicationControllerSpec", "int32", "spec", "replicas")
        .nested("ReplicationControllerSpec", "int32", "spec", "minReadySeconds");
  }

  @Override
  public void applyDefaults(KubeObject o) {
    ObjectNode spec = o.node().get("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
    PodSpecs.applyTemplateDefaults(spec, "template");
    JsonNode labels = spec.path("template").path("metadata").get("labels");
    if (labels != null && labels.isObject()) {
      if (spec.path("selector").isEmpty()) {
        spec.set("selector", labels.deepCopy());
      }
      if (o.metadata().path("labels").isEmpty()) {
        o.metadata().set("labels", labels.deepCopy());
      }
    }
    if (!spec.hasNonNull("replicas")) {
      spec.put("replicas", 1);
    }
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    applyDefaults(o);
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    JsonNode selector = spec.path("selector");
    if (selector.isEmpty()) {
      errs.add(FieldError.required("spec.selector", ""));
    }
    long replicas = spec.path("replicas").asLong(0);
    if (replicas < 0) {
      errs.add(FieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0"));
    }
    JsonNode template = spec.get("template");
    if (template == null || template.isNull()) {
      errs.add(FieldError.required("spec.template", ""));
      return errs;
    }
    if (!selector.isEmpty() && !LabelSelectors.mapMatches(selector, template.path("metadata").get("labels"))) {
      errs.add(PodSpecs.selectorMismatch(template, "spec.template"));
    }
    errs.addAll(PodSpecs.validateTemplate(template, "spec.template"));
    FieldError restart = PodSpecs.restartPolicyNotIn(template, "spec.template", List.of("Always"));
    if (restart != null) {
      errs.add(restart);
    }
    if (template.path("spec").hasNonNull("activeDeadlineSeconds")) {
      errs.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
          "activeDeadlineSeconds in ReplicationController is not Supported"));
    }
    return errs;
  }
}
