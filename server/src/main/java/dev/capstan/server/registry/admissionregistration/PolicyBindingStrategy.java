package dev.capstan.server.registry.admissionregistration;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.NameRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ValidatingAdmissionPolicyBindings: a policy name, an optional parameter reference (a name or a selector, and
 * what to do when the parameter is missing), optional match resources, and at least one validation action.
 */
final class PolicyBindingStrategy implements Strategy {
  private static final List<String> ACTIONS = List.of("Audit", "Deny", "Warn");
  private static final List<String> NOT_FOUND_ACTIONS = List.of("Deny", "Allow");

  @Override
  public void applyDefaults(KubeObject o) {
    if (o.node().path("spec") instanceof ObjectNode spec) {
      WebhookRules.defaultMatchResources(spec.path("matchResources"));
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    String policy = spec.path("policyName").asString("");
    if (policy.isEmpty()) {
      errs.add(FieldError.required("spec.policyName", ""));
    } else {
      NameRules.dns1123Subdomain(policy).forEach(m -> errs.add(FieldError.invalid("spec.policyName", policy, m)));
    }
    JsonNode ref = spec.path("paramRef");
    if (ref.isObject()) {
      errs.addAll(paramRef(ref, "spec.paramRef"));
    }
    JsonNode match = spec.path("matchResources");
    if (match.isObject()) {
      errs.addAll(WebhookRules.matchResources(match, "spec.matchResources"));
    }
    errs.addAll(actions(WebhookRules.strings(spec.path("validationActions")), "spec.validationActions"));
    return errs;
  }

  private static List<FieldError> paramRef(JsonNode ref, String path) {
    List<FieldError> errs = new ArrayList<>();
    String name = ref.path("name").asString("");
    boolean hasSelector = ref.path("selector").isObject();
    if (!name.isEmpty()) {
      dev.capstan.server.validation.NameRules.pathSegment(name).forEach(m -> errs.add(FieldError.invalid(path + ".name", name, m)));
      if (hasSelector) {
        errs.add(FieldError.forbidden(path + ".name", "name and selector are mutually exclusive"));
      }
    }
    if (hasSelector) {
      errs.addAll(Rules.labelSelector(ref.path("selector"), path + ".selector"));
      if (!name.isEmpty()) {
        errs.add(FieldError.forbidden(path + ".selector", "name and selector are mutually exclusive"));
      }
    }
    if (name.isEmpty() && !hasSelector) {
      errs.add(FieldError.required(path, "one of name or selector must be specified"));
    }
    String action = ref.path("parameterNotFoundAction").asString("");
    if (action.isEmpty()) {
      errs.add(FieldError.required(path + ".parameterNotFoundAction", ""));
    } else if (!NOT_FOUND_ACTIONS.contains(action)) {
      errs.add(Rules.notSupported(path + ".parameterNotFoundAction", action, NOT_FOUND_ACTIONS));
    }
    return errs;
  }

  private static List<FieldError> actions(List<String> actions, String path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < actions.size(); i++) {
      String a = actions.get(i);
      if (!ACTIONS.contains(a)) {
        errs.add(Rules.notSupported(path + "[" + i + "]", a, ACTIONS));
      }
      if (!seen.add(a)) {
        errs.add(Rules.duplicate(path + "[" + i + "]", a));
      }
    }
    if (seen.contains("Deny") && seen.contains("Warn")) {
      errs.add(FieldError.invalid(path, WebhookRules.goList("admissionregistration.ValidationAction", actions),
          "must not contain both Deny and Warn (repeating the same validation failure information in the API "
              + "response and headers serves no purpose)"));
    }
    if (seen.isEmpty()) {
      errs.add(FieldError.required(path, "at least one validation action is required"));
    }
    return errs;
  }
}
