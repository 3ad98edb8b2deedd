package dev.capstan.server.registry.admissionregistration;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mutating and validating webhook configurations. Each webhook gets upstream's v1 defaults (failurePolicy Fail,
 * matchPolicy Equivalent, selectors that match everything, a 10 s timeout, rule scope "*", service port 443 and,
 * for mutating webhooks, reinvocationPolicy Never). Validation covers the everyday cases: qualified unique names,
 * rules, the policies, sideEffects (required in v1), admissionReviewVersions and the client config.
 *
 * <p>Upstream relaxes some rules on update when the stored object already broke them (so old objects stay
 * editable); here every write gets the create rules.
 */
final class WebhookConfigurationStrategy implements Strategy {
  private static final List<String> NO_SIDE_EFFECTS = List.of("None", "NoneOnDryRun");
  private static final List<String> REINVOCATION_POLICIES = List.of("IfNeeded", "Never");
  private static final List<String> REVIEW_VERSIONS = List.of("v1", "v1beta1");

  private final boolean mutating;

  WebhookConfigurationStrategy(boolean mutating) {
    this.mutating = mutating;
  }

  @Override
  public void applyDefaults(KubeObject o) {
    for (JsonNode hook : o.node().path("webhooks")) {
      if (!(hook instanceof ObjectNode h)) {
        continue;
      }
      defaultText(h, "failurePolicy", "Fail");
      defaultText(h, "matchPolicy", "Equivalent");
      for (String selector : new String[] {"namespaceSelector", "objectSelector"}) {
        if (!h.path(selector).isObject()) {
          h.putObject(selector);
        }
      }
      if (!h.path("timeoutSeconds").isNumber()) {
        h.put("timeoutSeconds", 10);
      }
      if (mutating) {
        defaultText(h, "reinvocationPolicy", "Never");
      }
      WebhookRules.defaultRules(h.path("rules"));
      if (h.path("clientConfig").path("service") instanceof ObjectNode service && !service.path("port").isNumber()) {
        service.put("port", 443);
      }
    }
  }

  private static void defaultText(ObjectNode n, String field, String value) {
    if (!n.path(field).isString()) {
      n.put(field, value);
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode hooks = o.node().path("webhooks");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < hooks.size(); i++) {
      JsonNode hook = hooks.get(i);
      String path = "webhooks[" + i + "]";
      errs.addAll(webhook(hook, path));
      errs.addAll(reviewVersions(WebhookRules.strings(hook.path("admissionReviewVersions")),
          path + ".admissionReviewVersions"));
      String name = hook.path("name").asString("");
      if (!name.isEmpty() && !names.add(name)) {
        errs.add(Rules.duplicate(path + ".name", name));
      }
    }
    return errs;
  }

  private List<FieldError> webhook(JsonNode hook, String path) {
    List<FieldError> errs = new ArrayList<>(Rules.fullyQualifiedName(path + ".name", hook.path("name").asString("")));
    JsonNode rules = hook.path("rules");
    for (int i = 0; i < rules.size(); i++) {
      errs.addAll(WebhookRules.ruleWithOperations(rules.get(i), path + ".rules[" + i + "]"));
    }
    WebhookRules.notSupportedUnless(hook.get("failurePolicy"), WebhookRules.FAILURE_POLICIES, path + ".failurePolicy",
        errs);
    WebhookRules.notSupportedUnless(hook.get("matchPolicy"), WebhookRules.MATCH_POLICIES, path + ".matchPolicy",
        errs);
    JsonNode sideEffects = hook.get("sideEffects");
    if (sideEffects == null || sideEffects.isNull()) {
      errs.add(FieldError.required(path + ".sideEffects", "must specify one of " + String.join(", ",
          NO_SIDE_EFFECTS)));
    } else {
      WebhookRules.notSupportedUnless(sideEffects, NO_SIDE_EFFECTS, path + ".sideEffects", errs);
    }
    JsonNode timeout = hook.get("timeoutSeconds");
    if (timeout != null && timeout.isNumber() && (timeout.asLong() > 30 || timeout.asLong() < 1)) {
      errs.add(FieldError.invalid(path + ".timeoutSeconds", timeout.asLong(),
          "the timeout value must be between 1 and 30 seconds"));
    }
    errs.addAll(Rules.labelSelector(hook.path("namespaceSelector"), path + ".namespaceSelector"));
    errs.addAll(Rules.labelSelector(hook.path("objectSelector"), path + ".objectSelector"));
    if (mutating) {
      WebhookRules.notSupportedUnless(hook.get("reinvocationPolicy"), REINVOCATION_POLICIES,
          path + ".reinvocationPolicy", errs);
    }
    errs.addAll(WebhookRules.clientConfig(hook.path("clientConfig"), path + ".clientConfig"));
    return errs;
  }

  /** At least one version, no repeats, DNS-1035 labels, and one this server speaks (v1 or v1beta1). */
  private static List<FieldError> reviewVersions(List<String> versions, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (versions.isEmpty()) {
      errs.add(FieldError.required(path, "must specify one of " + String.join(", ", REVIEW_VERSIONS)));
      return errs;
    }
    Set<String> seen = new HashSet<>();
    boolean accepted = false;
    for (int i = 0; i < versions.size(); i++) {
      String v = versions.get(i);
      String itemPath = path + "[" + i + "]";
      if (!seen.add(v)) {
        errs.add(FieldError.invalid(itemPath, v, "duplicate version"));
        continue;
      }
      Rules.dns1035Label(v).forEach(m -> errs.add(FieldError.invalid(itemPath, v, m)));
      accepted |= REVIEW_VERSIONS.contains(v);
    }
    if (!accepted) {
      errs.add(FieldError.invalid(path, versions, "must include at least one of " + String.join(", ",
          REVIEW_VERSIONS)));
    }
    return errs;
  }
}
