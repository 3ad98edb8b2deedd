package dev.capstan.server.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FieldSetTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The fieldsV1 of a kubectl-created Deployment as upstream writes it; re-encoding must give the same bytes. */
  @Test
  void upstreamFieldsV1RoundTripsByteForByte() {
    String upstream = "{\"f:metadata\":{\"f:annotations\":{\".\":{},\"f:deployment.kubernetes.io/revision\":{}},"
        + "\"f:finalizers\":{\".\":{},\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}},\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\"f:progressDeadlineSeconds\":{},\"f:replicas\":{},"
        + "\"f:selector\":{},\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"nginx\\\"}\":{"
        + "\".\":{},\"f:image\":{},\"f:name\":{},\"f:ports\":{\".\":{},"
        + "\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{},"
        + "\"f:protocol\":{}}}}}}}}}";
    FieldSet set = FieldSet.fromFieldsV1(JSON.readTree(upstream));
    assertThat(set.toFieldsV1().toString()).isEqualTo(upstream);
    assertThat(set.has(List.of(PathElement.field("spec"), PathElement.field("replicas")))).isTrue();
    assertThat(set.has(List.of(PathElement.field("spec")))).isFalse();
  }

  @Test
  void elementsSortFieldsThenKeysThenValuesThenIndexes() {
    FieldSet set = FieldSet.of(List.of(List.of(PathElement.index(1)), List.of(PathElement.value(JSON.readTree("\"x\""))),
        List.of(PathElement.index(0)), List.of(PathElement.field("b")), List.of(PathElement.field("a")),
        List.of(PathElement.key(java.util.Map.of("port", JSON.readTree("8080"), "name", JSON.readTree("\"p\""))))));
    assertThat(set.toFieldsV1().toString()).isEqualTo("{\"f:a\":{},\"f:b\":{},"
        + "\"k:{\\\"name\\\":\\\"p\\\",\\\"port\\\":8080}\":{},\"v:\\\"x\\\"\":{},\"i:0\":{},\"i:1\":{}}");
  }

  @Test
  void pathsPrintAsUpstreamPrintsThemInConflicts() {
    List<PathElement> path = List.of(PathElement.field("spec"), PathElement.field("containers"),
        PathElement.key(java.util.Map.of("name", JSON.readTree("\"a\""))), PathElement.field("ports"),
        PathElement.key(java.util.Map.of("containerPort", JSON.readTree("80"), "protocol", JSON.readTree("\"TCP\""))));
    assertThat(PathElement.print(path)).isEqualTo(".spec.containers[name=\"a\"].ports[containerPort=80,protocol=\"TCP\"]");
    assertThat(PathElement.value(JSON.readTree("\"x\"")).toString()).isEqualTo("[=\"x\"]");
    assertThat(PathElement.index(3).toString()).isEqualTo("[3]");
  }

  @Test
  void differenceKeepsWhatIsBelowAMemberAndRecursiveDifferenceDropsIt() {
    List<PathElement> spec = List.of(PathElement.field("spec"));
    List<PathElement> replicas = List.of(PathElement.field("spec"), PathElement.field("replicas"));
    FieldSet a = FieldSet.of(List.of(replicas));
    FieldSet specOnly = FieldSet.of(List.of(spec));
    assertThat(a.difference(specOnly)).isEqualTo(a);
    assertThat(a.recursiveDifference(specOnly).isEmpty()).isTrue();
    assertThat(a.union(specOnly).toFieldsV1().toString()).isEqualTo("{\"f:spec\":{\".\":{},\"f:replicas\":{}}}");
    assertThat(a.union(specOnly).intersection(a)).isEqualTo(a);
  }

  @Test
  void malformedElementsAreRefused() {
    assertThatThrownBy(() -> FieldSet.fromFieldsV1(JSON.readTree("{\"x:y\":{}}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown path element type");
    assertThat(PathElement.decode("i:2")).isEqualTo(PathElement.index(2));
  }
}
