package dev.capstan.server.registry.admissionregistration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class AdmissionRegistrationResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

  @Test
  void mutatingWebhooksGetUpstreamsDefaults() {
    KubeObject config = object("""
        {"metadata":{"name":"inject","creationTimestamp":"2026-01-01T00:00:00Z"},"webhooks":[{
          "name":"inject.example.com","sideEffects":"None","admissionReviewVersions":["v1"],
          "clientConfig":{"service":{"name":"injector","namespace":"system"}},
          "rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]}]}""");
    WebhookConfigurationStrategy s = new WebhookConfigurationStrategy(true);
    s.applyDefaults(config);
    assertThat(config.node().path("webhooks").get(0).toString()).isEqualTo("{\"name\":\"inject.example.com\","
        + "\"sideEffects\":\"None\",\"admissionReviewVersions\":[\"v1\"],\"clientConfig\":{\"service\":{\"name\":"
        + "\"injector\",\"namespace\":\"system\",\"port\":443}},\"rules\":[{\"operations\":[\"CREATE\"],\"apiGroups\":"
        + "[\"\"],\"apiVersions\":[\"v1\"],\"resources\":[\"pods\"],\"scope\":\"*\"}],\"failurePolicy\":\"Fail\","
        + "\"matchPolicy\":\"Equivalent\",\"namespaceSelector\":{},\"objectSelector\":{},\"timeoutSeconds\":10,"
        + "\"reinvocationPolicy\":\"Never\"}");
    assertThat(s.validate(config)).isEmpty();
    assertThat(AdmissionRegistrationResources.webhookConfigurations(true).printer().cells(config, NOW))
        .containsExactly("inject", 1L, "10m");
    assertThat(AdmissionRegistrationResources.webhookConfigurations(true).categories())
        .containsExactly("api-extensions");

    KubeObject validating = object("{\"metadata\":{\"name\":\"v\"},\"webhooks\":[{\"name\":\"a.b.c\"}]}");
    new WebhookConfigurationStrategy(false).applyDefaults(validating);
    assertThat(validating.node().path("webhooks").get(0).has("reinvocationPolicy")).isFalse();
  }

  @Test
  void webhookValidationCoversTheEverydayMistakes() {
    KubeObject config = object("""
        {"metadata":{"name":"v"},"webhooks":[
          {"name":"hook","clientConfig":{},"timeoutSeconds":60,
           "rules":[{"operations":["*","CREATE"],"apiGroups":["apps"],"apiVersions":["v1"],"resources":[]}]},
          {"name":"dup.example.com","sideEffects":"Some","admissionReviewVersions":["v2"],
           "clientConfig":{"url":"http://example.com/x?a=b"}},
          {"name":"dup.example.com","sideEffects":"None","admissionReviewVersions":["v1"],
           "clientConfig":{"url":"https://example.com","service":{"name":"s","namespace":"n"}}}]}""");
    assertThat(messages(new WebhookConfigurationStrategy(false).validate(config))).containsExactly(
        "webhooks[0].name: Invalid value: \"hook\": should be a domain with at least three segments separated by dots",
        "webhooks[0].rules[0].operations: Invalid value: []admissionregistration.OperationType{\"*\", \"CREATE\"}: "
            + "if '*' is present, must not specify other operations",
        "webhooks[0].rules[0].resources: Required value",
        "webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun",
        "webhooks[0].timeoutSeconds: Invalid value: 60: the timeout value must be between 1 and 30 seconds",
        "webhooks[0].clientConfig: Required value: exactly one of url or service is required",
        "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1",
        "webhooks[1].sideEffects: Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\"",
        "webhooks[1].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired "
            + "format: https://host[/path]",
        "webhooks[1].clientConfig.url: Invalid value: \"a=b\": query parameters are not permitted in the URL",
        "webhooks[1].admissionReviewVersions: Invalid value: []string{\"v2\"}: must include at least one of v1, "
            + "v1beta1",
        "webhooks[2].clientConfig: Required value: exactly one of url or service is required",
        "webhooks[2].name: Duplicate value: \"dup.example.com\"");
  }

  @Test
  void policiesDefaultFailurePolicyAndRequireRulesAndValidations() {
    KubeObject policy = object("""
        {"metadata":{"name":"replicas"},"spec":{"paramKind":{"apiVersion":"example.com/v1","kind":"Limit"},
          "matchConstraints":{"resourceRules":[{"operations":["CREATE"],"apiGroups":["apps"],"apiVersions":["v1"],
            "resources":["deployments"]}]},
          "validations":[{"expression":"object.spec.replicas <= params.max"},{"expression":"true"}]}}""");
    ValidatingAdmissionPolicyStrategy s = new ValidatingAdmissionPolicyStrategy();
    s.applyDefaults(policy);
    assertThat(policy.node().path("spec").path("failurePolicy").asString()).isEqualTo("Fail");
    assertThat(policy.node().path("spec").path("matchConstraints").path("matchPolicy").asString())
        .isEqualTo("Equivalent");
    assertThat(s.validate(policy)).isEmpty();
    assertThat(AdmissionRegistrationResources.validatingAdmissionPolicies().printer().cells(policy, NOW))
        .containsExactly("replicas", 2L, "example.com/v1/Limit", "<unknown>");

    assertThat(messages(s.validate(object("{\"metadata\":{\"name\":\"p\"},\"spec\":{}}")))).containsExactly(
        "spec.matchConstraints: Required value",
        "spec.validations: Required value: validations or auditAnnotations must contain at least one item",
        "spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item");
  }

  @Test
  void bindingsPrintTheirParamRefAndNeedAnAction() {
    KubeObject named = object("{\"metadata\":{\"name\":\"b\"},\"spec\":{\"policyName\":\"replicas\",\"paramRef\":"
        + "{\"name\":\"limits\",\"parameterNotFoundAction\":\"Deny\"},\"validationActions\":[\"Deny\"]}}");
    assertThat(new PolicyBindingStrategy().validate(named)).isEmpty();
    assertThat(AdmissionRegistrationResources.validatingAdmissionPolicyBindings().printer().cells(named, NOW))
        .containsExactly("b", "replicas", "*/limits", "<unknown>");
    KubeObject selected = object("{\"metadata\":{\"name\":\"b\"},\"spec\":{\"paramRef\":{\"selector\":{"
        + "\"matchLabels\":{\"tier\":\"prod\",\"app\":\"x\"},\"matchExpressions\":[{\"key\":\"env\","
        + "\"operator\":\"In\",\"values\":[\"a\",\"b\"]}]}},\"validationActions\":[\"Deny\",\"Warn\"]}}");
    assertThat(AdmissionRegistrationResources.validatingAdmissionPolicyBindings().printer().cells(selected, NOW)
        .get(2)).isEqualTo("&LabelSelector{MatchLabels:map[string]string{app: x,tier: prod,},MatchExpressions:"
        + "[]LabelSelectorRequirement{LabelSelectorRequirement{Key:env,Operator:In,Values:[a b],},},}");
    assertThat(messages(new PolicyBindingStrategy().validate(selected))).containsExactly(
        "spec.policyName: Required value",
        "spec.paramRef.parameterNotFoundAction: Required value",
        "spec.validationActions: Invalid value: []admissionregistration.ValidationAction{\"Deny\", \"Warn\"}: must "
            + "not contain both Deny and Warn (repeating the same validation failure information in the API response "
            + "and headers serves no purpose)");
  }

  private static List<String> messages(List<FieldError> errs) {
    return errs.stream().map(FieldError::message).toList();
  }

  private static KubeObject object(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json));
  }
}
