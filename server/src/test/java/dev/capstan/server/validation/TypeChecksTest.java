package dev.capstan.server.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class TypeChecksTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void wrongTypesAreReportedAsUpstreamsDecoderReportsThem() {
    expect("{\"metadata\":\"x\"}", "json: cannot unmarshal string into Go struct field ConfigMap.metadata of type "
        + "v1.ObjectMeta");
    expect("{\"metadata\":{\"labels\":{\"a\":1}}}", "json: cannot unmarshal number into Go struct field "
        + "ObjectMeta.metadata.labels of type string");
    expect("{\"metadata\":{\"name\":[]}}", "json: cannot unmarshal array into Go struct field "
        + "ObjectMeta.metadata.name of type string");
    expect("{\"data\":true}", "json: cannot unmarshal bool into Go struct field ConfigMap.data of type "
        + "map[string]string");
    expect("{\"immutable\":\"yes\"}", "json: cannot unmarshal string into Go struct field ConfigMap.immutable of "
        + "type bool");
    TypeChecks.of(object("{\"metadata\":{\"name\":\"ok\",\"labels\":null},\"data\":{\"a\":\"b\"}}"), "ConfigMap", "v1")
        .stringMap("data").bool("immutable");
  }

  private static void expect(String json, String message) {
    assertThatThrownBy(() -> TypeChecks.of(object(json), "ConfigMap", "v1").stringMap("data").bool("immutable"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: "
              + message);
        });
  }

  private static KubeObject object(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json));
  }
}
