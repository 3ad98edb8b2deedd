package dev.capstan.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ObjectMetaRulesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void createFillsServerOwnedFieldsAndGeneratesNames() {
    KubeObject o = object("");
    o.metadata().put("generateName", "web-").put("deletionTimestamp", "2020-01-01T00:00:00Z");
    ObjectMetaRules.prepareForCreate(o, Instant.parse("2026-11-29T01:02:03.456Z"));
    assertThat(o.name()).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(o.uid()).matches("[0-9a-f-]{36}");
    assertThat(o.metadata().get("creationTimestamp").asString()).isEqualTo("2026-11-29T01:02:03Z");
    assertThat(o.metadata().has("deletionTimestamp")).isFalse();
  }

  @Test
  void metadataErrorsAsUpstreamReportsThem() {
    assertThat(messages(object(""), true)).containsExactly("metadata.name: Required value: name or generateName is "
        + "required", "metadata.namespace: Required value");
    KubeObject bad = object("Bad_Name");
    bad.metadata().put("namespace", "Default");
    bad.metadata().putObject("labels").put("app", "has space").put("/x", "ok");
    assertThat(messages(bad, true)).hasSize(4).satisfies(m -> {
      assertThat(m.get(0)).startsWith("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain");
      assertThat(m.get(1)).startsWith("metadata.namespace: Invalid value: \"Default\": a lowercase RFC 1123 label");
      assertThat(m.get(2)).startsWith("metadata.labels: Invalid value: \"has space\": a valid label must be");
      assertThat(m.get(3)).isEqualTo("metadata.labels: Invalid value: \"/x\": prefix part must be non-empty");
    });
    KubeObject clusterScoped = object("n");
    clusterScoped.metadata().put("namespace", "default");
    assertThat(messages(clusterScoped, false)).containsExactly("metadata.namespace: Forbidden: not allowed on this type");
    KubeObject big = object("ok");
    big.metadata().put("namespace", "default").putObject("annotations").put("a", "x".repeat(300_000));
    assertThat(messages(big, true)).containsExactly("metadata.annotations: Too long: must have at most 262144 bytes");
  }

  private static List<String> messages(KubeObject o, boolean namespaced) {
    return ObjectMetaRules.validate(o, namespaced, NameRules::dns1123Subdomain, false).stream()
        .map(FieldError::message).toList();
  }

  private static KubeObject object(String name) {
    ObjectNode node = JSON.createObjectNode();
    node.put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode meta = node.putObject("metadata");
    if (!name.isEmpty()) {
      meta.put("name", name);
    }
    return KubeObject.wrap(node);
  }
}
