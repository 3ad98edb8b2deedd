package dev.capstan.server.registry.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ApiExtensionsResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String WIDGETS = """
      {"metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","scope":"Namespaced",
        "names":{"plural":"widgets","kind":"Widget"},
        "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}}},
          {"name":"v2","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object"}}}]}}""";

  @Test
  void definitionIsClusterScopedWithUpstreamsNames() {
    ResourceDefinition d = ApiExtensionsResources.customResourceDefinitions();
    assertThat(d.namespaced()).isFalse();
    assertThat(d.shortNames()).containsExactly("crd", "crds");
    assertThat(d.categories()).containsExactly("api-extensions");
    assertThat(d.status()).isTrue();
    assertThat(d.generation()).isTrue();
    assertThat(d.columns()).extracting(c -> c.name()).containsExactly("Name", "Created At");
  }

  @Test
  void defaultsNamesAndConversionAndRecordsTheStorageVersion() {
    KubeObject crd = object(WIDGETS);
    CrdStrategy s = new CrdStrategy();
    s.applyDefaults(crd);
    s.prepareForCreate(crd);
    assertThat(crd.node().path("spec").path("names").toString()).isEqualTo("{\"plural\":\"widgets\",\"kind\":"
        + "\"Widget\",\"singular\":\"widget\",\"listKind\":\"WidgetList\"}");
    assertThat(crd.node().path("spec").path("conversion").toString()).isEqualTo("{\"strategy\":\"None\"}");
    assertThat(crd.node().path("status").toString()).isEqualTo("{\"acceptedNames\":{\"plural\":\"\",\"kind\":\"\"},"
        + "\"storedVersions\":[\"v1\"]}");
    assertThat(s.validate(crd)).isEmpty();

    KubeObject moved = object(WIDGETS
        .replace("\"v1\",\"served\":true,\"storage\":true", "\"v1\",\"served\":true,\"storage\":false")
        .replace("\"v2\",\"served\":true,\"storage\":false", "\"v2\",\"served\":true,\"storage\":true"));
    s.applyDefaults(moved);
    s.prepareForUpdate(moved, crd);
    assertThat(moved.node().path("status").path("storedVersions").toString()).isEqualTo("[\"v1\",\"v2\"]");
  }

  @Test
  void nameMustBePluralDotGroupAndBasicsAreChecked() {
    KubeObject crd = object("""
        {"metadata":{"name":"gadgets.example.com"},"spec":{"group":"example","scope":"Global",
          "names":{"plural":"widgets","kind":"Widget","singular":"widget","listKind":"Widget"},"versions":[]}}""");
    assertThat(new CrdStrategy().validate(crd)).extracting(FieldError::message).containsExactly(
        "metadata.name: Invalid value: \"gadgets.example.com\": must be spec.names.plural+\".\"+spec.group",
        "spec.group: Invalid value: \"example\": should be a domain with at least one dot",
        "spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"",
        "spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{}: must have exactly one "
            + "version marked as storage version",
        "spec.names.listKind: Invalid value: \"Widget\": kind and listKind may not be the same",
        "status.storedVersions: Invalid value: []string(nil): must have at least one stored version");
    assertThat(new CrdStrategy().validateUpdate(object(WIDGETS.replace("\"group\":\"example.com\"",
        "\"group\":\"example.org\"")), object(WIDGETS))).extracting(FieldError::message).contains(
        "spec.group: Invalid value: \"example.org\": field is immutable");
  }

  private static KubeObject object(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json));
  }
}
