package dev.capstan.server.registry.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SchedulingResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:30Z");

  @Test
  void priorityClassRowAndPreemptionDefault() {
    KubeObject pc = object("{\"metadata\":{\"name\":\"high\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},"
        + "\"value\":1000000,\"globalDefault\":true}");
    PriorityClassStrategy s = new PriorityClassStrategy();
    s.applyDefaults(pc);
    assertThat(pc.node().path("preemptionPolicy").asString()).isEqualTo("PreemptLowerPriority");
    assertThat(s.validate(pc)).isEmpty();
    assertThat(SchedulingResources.priorityClasses().columns()).extracting(c -> c.name())
        .containsExactly("Name", "Value", "Global-Default", "Age", "PreemptionPolicy");
    assertThat(SchedulingResources.priorityClasses().printer().cells(pc, NOW))
        .containsExactly("high", 1000000L, true, "30s", "PreemptLowerPriority");
  }

  @Test
  void systemNamesAreReservedAndUserValuesCapped() {
    PriorityClassStrategy s = new PriorityClassStrategy();
    assertThat(messages(s.validate(object("{\"metadata\":{\"name\":\"system-mine\"},\"value\":5}"))))
        .containsExactly("metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for "
            + "system use only. error: system-mine is not a known system priority class");
    assertThat(messages(s.validate(object("{\"metadata\":{\"name\":\"system-node-critical\"},\"value\":5}"))))
        .containsExactly("metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for "
            + "system use only. error: value of system-node-critical PriorityClass must be 2000001000");
    assertThat(messages(s.validate(object("{\"metadata\":{\"name\":\"big\"},\"value\":1000000001,"
        + "\"preemptionPolicy\":\"Always\"}")))).containsExactly(
        "value: Forbidden: maximum allowed value of a user defined priority is 1000000000",
        "preemptionPolicy: Unsupported value: \"Always\": supported values: \"Never\", \"PreemptLowerPriority\"");
    for (KubeObject system : SystemPriorityClasses.objects()) {
      assertThat(s.validate(system)).isEmpty();
    }
  }

  @Test
  void valueAndPreemptionPolicyCannotChange() {
    PriorityClassStrategy s = new PriorityClassStrategy();
    KubeObject old = object("{\"metadata\":{\"name\":\"p\"},\"value\":1,\"preemptionPolicy\":\"Never\"}");
    KubeObject next = object("{\"metadata\":{\"name\":\"p\"},\"value\":2,\"preemptionPolicy\":"
        + "\"PreemptLowerPriority\"}");
    assertThat(messages(s.validateUpdate(next, old))).containsExactly(
        "value: Forbidden: may not be changed in an update.",
        "preemptionPolicy: Invalid value: \"PreemptLowerPriority\": field is immutable");
  }

  @Test
  void systemClassesHaveUpstreamsValues() {
    assertThat(SystemPriorityClasses.objects()).extracting(o -> o.name() + "=" + o.node().path("value").asLong())
        .containsExactly("system-node-critical=2000001000", "system-cluster-critical=2000000000");
  }

  private static List<String> messages(List<FieldError> errs) {
    return errs.stream().map(FieldError::message).toList();
  }

  private static KubeObject object(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json));
  }
}
