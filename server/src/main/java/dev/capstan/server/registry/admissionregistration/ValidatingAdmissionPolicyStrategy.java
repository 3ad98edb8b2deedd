package dev.capstan.server.registry.admissionregistration;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ValidatingAdmissionPolicies: failurePolicy defaults to Fail and the match constraints get upstream's defaults;
 * match constraints with resource rules are required, and so is a validation or an audit annotation. CEL
 * expressions are stored as written: compiling them belongs to the policy plugin's issue.
 */
final class ValidatingAdmissionPolicyStrategy implements Strategy {
  @Override
  public void applyDefaults(KubeObject o) {
    if (!(o.node().path("spec") instanceof ObjectNode spec)) {
      return;
    }
    if (!spec.path("failurePolicy").isString()) {
      spec.put("failurePolicy", "Fail");
    }
    WebhookRules.defaultMatchResources(spec.path("matchConstraints"));
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    WebhookRules.notSupportedUnless(spec.get("failurePolicy"), WebhookRules.FAILURE_POLICIES, "spec.failurePolicy",
        errs);
    JsonNode paramKind = spec.path("paramKind");
    if (paramKind.isObject()) {
      for (String field : new String[] {"apiVersion", "kind"}) {
        if (paramKind.path(field).asString("").isEmpty()) {
          errs.add(FieldError.required("spec.paramKind." + field, ""));
        }
      }
    }
    JsonNode match = spec.path("matchConstraints");
    if (!match.isObject()) {
      errs.add(FieldError.required("spec.matchConstraints", ""));
    } else {
      errs.addAll(WebhookRules.matchResources(match, "spec.matchConstraints"));
      if (match.path("resourceRules").isEmpty()) {
        errs.add(FieldError.required("spec.matchConstraints.resourceRules", ""));
      }
    }
    JsonNode validations = spec.path("validations");
    if (validations.isEmpty() && spec.path("auditAnnotations").isEmpty()) {
      String detail = "validations or auditAnnotations must contain at least one item";
      errs.add(FieldError.required("spec.validations", detail));
      errs.add(FieldError.required("spec.auditAnnotations", detail));
      return errs;
    }
    for (int i = 0; i < validations.size(); i++) {
      if (validations.get(i).path("expression").asString("").isBlank()) {
        errs.add(FieldError.required("spec.validations[" + i + "].expression", "expression is not specified"));
      }
    }
    return errs;
  }
}
