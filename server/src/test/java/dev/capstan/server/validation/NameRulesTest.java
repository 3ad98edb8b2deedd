package dev.capstan.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameRulesTest {
  @Test
  void subdomainNamesAsUpstreamWordsThem() {
    assertThat(NameRules.dns1123Subdomain("my.config-1")).isEmpty();
    assertThat(NameRules.dns1123Subdomain("Foo")).containsExactly("a lowercase RFC 1123 subdomain must consist of "
        + "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
        + "(e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    assertThat(NameRules.dns1123Subdomain("a".repeat(254))).first().isEqualTo("must be no more than 253 characters");
  }

  @Test
  void labelNamesAsUpstreamWordsThem() {
    assertThat(NameRules.dns1123Label("kube-system")).isEmpty();
    assertThat(NameRules.dns1123Label("a.b")).containsExactly("must not contain dots");
    assertThat(NameRules.dns1123Label("-x")).containsExactly("a lowercase RFC 1123 label must consist of lower case "
        + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
        + "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    assertThat(NameRules.generateNamePrefix("web-", false)).isEmpty();
    assertThat(NameRules.generateNamePrefix("Web-", false)).hasSize(1);
  }

  @Test
  void labelKeysValuesAndConfigKeys() {
    assertThat(NameRules.qualifiedName("app.kubernetes.io/name")).isEmpty();
    assertThat(NameRules.qualifiedName("/x")).containsExactly("prefix part must be non-empty");
    assertThat(NameRules.qualifiedName("a/b/c")).singleElement().asString().startsWith("a qualified name must consist");
    assertThat(NameRules.labelValue("")).isEmpty();
    assertThat(NameRules.labelValue("bad value")).singleElement().asString()
        .startsWith("a valid label must be an empty string");
    assertThat(NameRules.configMapKey("..x")).containsExactly("must not start with '..'");
    assertThat(NameRules.configMapKey("a b")).singleElement().asString()
        .startsWith("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or");
  }

  @Test
  void invalidStatusAsUpstreamBuildsIt() {
    ApiException one = FieldError.invalid("", "ConfigMap", "configmaps", "Foo",
        List.of(FieldError.invalid("metadata.name", "Foo", "must be lowercase")));
    assertThat(one.code()).isEqualTo(422);
    assertThat(one.reason()).isEqualTo("Invalid");
    assertThat(one.getMessage()).isEqualTo("ConfigMap \"Foo\" is invalid: metadata.name: Invalid value: \"Foo\": "
        + "must be lowercase");
    assertThat(one.details().causes()).singleElement().satisfies(c -> {
      assertThat(c.reason()).isEqualTo("FieldValueInvalid");
      assertThat(c.field()).isEqualTo("metadata.name");
      assertThat(c.message()).isEqualTo("Invalid value: \"Foo\": must be lowercase");
    });

    ApiException two = FieldError.invalid("apps", "Deployment.apps", "Deployment", "d", List.of(
        FieldError.required("spec.selector", ""), FieldError.invalid("spec.replicas", -1L, "must be non-negative"),
        FieldError.required("spec.selector", "")));
    assertThat(two.getMessage()).isEqualTo("Deployment.apps \"d\" is invalid: [spec.selector: Required value, "
        + "spec.replicas: Invalid value: -1: must be non-negative]");
    assertThat(two.details().causes()).hasSize(2);
    assertThat(FieldError.goQuote("a\"b\n")).isEqualTo("\"a\\\"b\\n\"");
  }
}
