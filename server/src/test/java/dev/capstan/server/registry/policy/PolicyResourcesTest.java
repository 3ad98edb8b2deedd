package dev.capstan.server.registry.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PolicyResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static KubeObject obj(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json.replace('\'', '"')));
  }

  @Test
  void budgetsTrackGenerationAndPrintNotApplicableForTheUnsetBound() {
    ResourceDefinition pdb = PolicyResources.podDisruptionBudgets();
    assertThat(pdb.shortNames()).containsExactly("pdb");
    assertThat(pdb.generation()).isTrue();
    assertThat(pdb.status()).isTrue();
    KubeObject o = obj("{'metadata':{'name':'web','creationTimestamp':'2026-11-29T00:00:00Z'},"
        + "'spec':{'minAvailable':'50%','selector':{'matchLabels':{'app':'web'}}},'status':{'disruptionsAllowed':1}}");
    assertThat(pdb.printer().cells(o, Instant.parse("2026-11-29T00:00:30Z")))
        .containsExactly("web", "50%", "N/A", 1L, "30s");
    assertThat(pdb.strategy().validate(o)).isEmpty();
  }

  @Test
  void boundsAreExclusiveNonNegativeAndAtMostAHundredPercent() {
    ResourceDefinition pdb = PolicyResources.podDisruptionBudgets();
    assertThat(pdb.strategy().validate(obj("{'spec':{'minAvailable':2,'maxUnavailable':1}}")))
        .extracting(FieldError::message).containsExactly("spec: Invalid value: policy.PodDisruptionBudgetSpec{"
            + "MinAvailable:2, MaxUnavailable:1}: minAvailable and maxUnavailable cannot be both set");
    assertThat(pdb.strategy().validate(obj("{'spec':{'maxUnavailable':'150%'}}"))).extracting(FieldError::message)
        .containsExactly("spec.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%");
    assertThat(pdb.strategy().validate(obj("{'spec':{'minAvailable':-1,'unhealthyPodEvictionPolicy':'Never'}}")))
        .extracting(FieldError::message).containsExactly(
            "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0",
            "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", "
                + "\"IfHealthyBudget\"");
  }
}
