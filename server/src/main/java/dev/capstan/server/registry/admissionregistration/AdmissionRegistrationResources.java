package dev.capstan.server.registry.admissionregistration;

import static dev.capstan.server.registry.shared.Cells.AGE;
import static dev.capstan.server.registry.shared.Cells.NAME;
import static dev.capstan.server.registry.shared.Cells.column;

import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.shared.Cells;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * admissionregistration.k8s.io/v1: webhook configurations and validating admission policies with their bindings.
 * Stored, defaulted and validated as upstream; calling the webhooks and evaluating the policies is the admission
 * chain's issue.
 */
public final class AdmissionRegistrationResources {
  static final String GROUP = "admissionregistration.k8s.io";
  private static final String CATEGORY = "api-extensions";

  private AdmissionRegistrationResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(webhookConfigurations(true), webhookConfigurations(false), validatingAdmissionPolicies(),
        validatingAdmissionPolicyBindings());
  }

  static ResourceDefinition webhookConfigurations(boolean mutating) {
    String kind = mutating ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration";
    String resource = mutating ? "mutatingwebhookconfigurations" : "validatingwebhookconfigurations";
    return ResourceDefinition.builder(GROUP, "v1", resource, kind).clusterScoped().categories(CATEGORY)
        .strategy(new WebhookConfigurationStrategy(mutating)).generation()
        .table(List.of(NAME, column("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in "
            + "this configuration"), AGE),
        (o, now) -> List.of(o.name(), (long) o.node().path("webhooks").size(), Cells.age(o, now)))
        .build();
  }

  static ResourceDefinition validatingAdmissionPolicies() {
    return ResourceDefinition.builder(GROUP, "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy")
        .clusterScoped().categories(CATEGORY).strategy(new ValidatingAdmissionPolicyStrategy()).statusSubresource()
        .generation()
        .table(List.of(NAME,
            column("Validations", "integer", "Validations indicates the number of validation rules defined in this "
                + "configuration"),
            column("ParamKind", "string", "ParamKind specifies the kind of resources used to parameterize this "
                + "policy"),
            AGE),
        (o, now) -> {
          JsonNode spec = o.node().path("spec");
          JsonNode paramKind = spec.path("paramKind");
          String param = paramKind.isObject() ? Cells.text(paramKind, "apiVersion") + "/"
              + Cells.text(paramKind, "kind") : "<unset>";
          return List.of(o.name(), (long) spec.path("validations").size(), param, Cells.age(o, now));
        })
        .build();
  }

  static ResourceDefinition validatingAdmissionPolicyBindings() {
    return ResourceDefinition.builder(GROUP, "v1", "validatingadmissionpolicybindings",
            "ValidatingAdmissionPolicyBinding")
        .clusterScoped().categories(CATEGORY).strategy(new PolicyBindingStrategy()).generation()
        .table(List.of(NAME,
            column("PolicyName", "string", "PolicyName indicates the policy definition which the policy binding "
                + "binded to"),
            column("ParamRef", "string", "ParamRef indicates the param resource which sets the configration param"),
            AGE),
        (o, now) -> List.of(o.name(), Cells.text(o.node(), "spec", "policyName"),
            paramRef(o.node().path("spec").path("paramRef")), Cells.age(o, now)))
        .build();
  }

  /**
   * {@code namespace/name}, {@code *}{@code /name} (no namespace: it may be cluster-scoped), or the selector as Go's
   * generated String() prints a LabelSelector; {@code <unset>} without a reference.
   */
  static String paramRef(JsonNode ref) {
    if (!ref.isObject()) {
      return "<unset>";
    }
    String name = Cells.text(ref, "name");
    if (!name.isEmpty()) {
      String namespace = Cells.text(ref, "namespace");
      return (namespace.isEmpty() ? "*" : namespace) + "/" + name;
    }
    JsonNode selector = ref.path("selector");
    return selector.isObject() ? goSelectorString(selector) : "<unset>";
  }

  /** {@code &LabelSelector{MatchLabels:map[string]string{k: v,},MatchExpressions:[]LabelSelectorRequirement{},}}. */
  static String goSelectorString(JsonNode selector) {
    StringBuilder expressions = new StringBuilder("[]LabelSelectorRequirement{");
    for (JsonNode r : selector.path("matchExpressions")) {
      StringBuilder values = new StringBuilder("[");
      r.path("values").forEach(v -> values.append(values.length() > 1 ? " " : "").append(v.asString("")));
      expressions.append("LabelSelectorRequirement{Key:").append(Cells.text(r, "key")).append(",Operator:")
          .append(Cells.text(r, "operator")).append(",Values:").append(values).append("],},");
    }
    expressions.append('}');
    Map<String, String> labels = new TreeMap<>();
    selector.path("matchLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
    StringBuilder map = new StringBuilder("map[string]string{");
    labels.forEach((k, v) -> map.append(k).append(": ").append(v).append(','));
    map.append('}');
    return "&LabelSelector{MatchLabels:" + map + ",MatchExpressions:" + expressions + ",}";
  }
}
