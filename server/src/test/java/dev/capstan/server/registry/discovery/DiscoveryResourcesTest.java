package dev.capstan.server.registry.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class DiscoveryResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");

  private static KubeObject obj(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json.replace('\'', '"')));
  }

  @Test
  void portsDefaultToTcpAndRowsListUpToThree() {
    ResourceDefinition slices = DiscoveryResources.endpointSlices();
    KubeObject s = obj("{'metadata':{'name':'web-abc12','creationTimestamp':'2026-11-29T00:00:00Z'},"
        + "'addressType':'IPv4','endpoints':[{'addresses':['10.244.0.5']},{'addresses':['10.244.0.6']},"
        + "{'addresses':['10.244.0.7']},{'addresses':['10.244.0.8']}],'ports':[{'port':80},{'name':'metrics'},"
        + "{}]}");
    slices.strategy().applyDefaults(s);
    assertThat(s.node().at("/ports/0").toString()).isEqualTo("{\"port\":80,\"name\":\"\",\"protocol\":\"TCP\"}");
    assertThat(slices.printer().cells(s, NOW)).containsExactly("web-abc12", "IPv4", "80,metrics,",
        "10.244.0.5,10.244.0.6,10.244.0.7 + 1 more...", "60m");
    assertThat(DiscoveryResources.EndpointSliceStrategy.ports(obj("{'ports':[{}]}"))).isEqualTo("*");
    assertThat(DiscoveryResources.EndpointSliceStrategy.endpoints(obj("{}"))).isEqualTo("<unset>");
  }

  @Test
  void addressTypeIsRequiredSupportedAndFixed() {
    ResourceDefinition slices = DiscoveryResources.endpointSlices();
    assertThat(slices.strategy().validate(obj("{}"))).extracting(FieldError::message)
        .containsExactly("addressType: Required value");
    KubeObject bad = obj("{'addressType':'IPv5','endpoints':[{'addresses':[]}]}");
    assertThat(slices.strategy().validate(bad)).extracting(FieldError::message).containsExactly(
        "addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"",
        "endpoints[0].addresses: Required value: must contain at least 1 address");
    KubeObject v6 = obj("{'addressType':'IPv4','endpoints':[{'addresses':['fd00::1']}],'ports':[{'name':'http',"
        + "'protocol':'TCP'},{'name':'http','protocol':'TCP'}]}");
    assertThat(slices.strategy().validate(v6)).extracting(FieldError::message).containsExactly(
        "endpoints[0].addresses[0]: Invalid value: \"fd00::1\": must be a valid IPv4 address",
        "ports[1].name: Duplicate value: \"http\"");
    assertThat(slices.strategy().validateUpdate(obj("{'addressType':'IPv6'}"), obj("{'addressType':'IPv4'}")))
        .extracting(FieldError::message).containsExactly("addressType: Invalid value: \"IPv6\": field is immutable");
  }
}
