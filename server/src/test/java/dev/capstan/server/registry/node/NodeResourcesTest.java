package dev.capstan.server.registry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class NodeResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void runtimeClassHandlerIsARequiredImmutableDnsLabel() {
    NodeResources.RuntimeClassStrategy s = new NodeResources.RuntimeClassStrategy();
    KubeObject gvisor = object("{\"metadata\":{\"name\":\"gvisor\"},\"handler\":\"runsc\"}");
    assertThat(s.validate(gvisor)).isEmpty();
    assertThat(NodeResources.runtimeClasses().printer().cells(gvisor, Instant.EPOCH))
        .containsExactly("gvisor", "runsc", "<unknown>");
    assertThat(s.validate(object("{\"metadata\":{\"name\":\"x\"}}"))).extracting(FieldError::message)
        .containsExactly("handler: Invalid value: \"\": a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
            + "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    assertThat(s.validateUpdate(object("{\"metadata\":{\"name\":\"gvisor\"},\"handler\":\"runc\"}"), gvisor))
        .extracting(FieldError::message).containsExactly("handler: Invalid value: \"runc\": field is immutable");
  }

  private static KubeObject object(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json));
  }
}
