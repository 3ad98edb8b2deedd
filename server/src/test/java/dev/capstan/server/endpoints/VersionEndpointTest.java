package dev.capstan.server.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class VersionEndpointTest {
  @Test
  void rendersUpstreamsFieldsInUpstreamsOrderAndLayout() {
    String body = VersionEndpoint.render(new BuildInfo("1.2.3", "abc123", "clean", "2026-11-29T00:00:00Z"));
    assertThat(body).startsWith("{\n  \"major\": \"1\",\n  \"minor\": \"33\",\n").endsWith("\n}");
    JsonNode v = JsonMapper.builder().build().readTree(body);
    assertThat(v.propertyNames()).containsExactly("major", "minor", "emulationMajor", "emulationMinor",
        "minCompatibilityMajor", "minCompatibilityMinor", "gitVersion", "gitCommit", "gitTreeState", "buildDate",
        "goVersion", "compiler", "platform");
    assertThat(v.get("gitVersion").asString()).isEqualTo("v1.33.0+capstan.1.2.3");
    assertThat(v.get("minCompatibilityMinor").asString()).isEqualTo("32");
    assertThat(v.get("gitCommit").asString()).isEqualTo("abc123");
    assertThat(v.get("buildDate").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void theBuiltJarRecordsAnIsoBuildDate() {
    assertThat(BuildInfo.load().buildDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }
}
