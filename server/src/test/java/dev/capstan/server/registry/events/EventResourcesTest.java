package dev.capstan.server.registry.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");

  private static KubeObject obj(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json.replace('\'', '"')));
  }

  private static List<String> messages(List<FieldError> errs) {
    return errs.stream().map(FieldError::message).toList();
  }

  private static final String NEW_STYLE = "{'apiVersion':'events.k8s.io/v1','kind':'Event','metadata':{"
      + "'name':'web.1','namespace':'default'},'eventTime':'2026-11-29T00:30:00.000000Z','reportingController':"
      + "'kubelet','reportingInstance':'node-1','action':'Pulling','reason':'Pulling','regarding':{'kind':'Pod',"
      + "'namespace':'default','name':'web','fieldPath':'spec.containers{web}'},'related':{'kind':'Node',"
      + "'name':'node-1'},'note':'Pulling image nginx','type':'Normal','series':{'count':3,"
      + "'lastObservedTime':'2026-11-29T00:50:00.000000Z'}}";

  @Test
  void eventsK8sIoMapsOntoCoreFieldsAndBackUnchanged() {
    EventConversion conversion = new EventConversion();
    KubeObject served = obj(NEW_STYLE);
    KubeObject stored = conversion.toStorage(served.deepCopy());
    assertThat(stored.apiVersion()).isEqualTo("v1");
    assertThat(stored.node().path("message").asString()).isEqualTo("Pulling image nginx");
    assertThat(stored.node().at("/involvedObject/name").asString()).isEqualTo("web");
    assertThat(stored.node().path("reportingComponent").asString()).isEqualTo("kubelet");
    assertThat(stored.node().at("/related/kind").asString()).isEqualTo("Node");
    assertThat(stored.node().has("note")).isFalse();
    assertThat(conversion.fromStorage(stored).node()).isEqualTo(served.node());
  }

  @Test
  void legacyEventsReadThroughEventsK8sIoWithDeprecatedFields() {
    KubeObject legacy = obj("{'apiVersion':'v1','kind':'Event','metadata':{'name':'web.2','namespace':'default'},"
        + "'involvedObject':{'kind':'Pod','name':'web'},'reason':'Killing','message':'Stopping container',"
        + "'source':{'component':'kubelet','host':'node-1'},'firstTimestamp':'2026-11-29T00:00:00Z',"
        + "'lastTimestamp':'2026-11-29T00:59:00Z','count':4,'type':'Normal'}");
    KubeObject v1 = new EventConversion().fromStorage(legacy);
    assertThat(v1.node().toString()).isEqualTo("{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\","
        + "\"metadata\":{\"name\":\"web.2\",\"namespace\":\"default\"},\"eventTime\":null,\"reason\":\"Killing\","
        + "\"type\":\"Normal\",\"note\":\"Stopping container\",\"regarding\":{\"kind\":\"Pod\",\"name\":\"web\"},"
        + "\"deprecatedSource\":{\"component\":\"kubelet\",\"host\":\"node-1\"},\"deprecatedFirstTimestamp\":"
        + "\"2026-11-29T00:00:00Z\",\"deprecatedLastTimestamp\":\"2026-11-29T00:59:00Z\",\"deprecatedCount\":4}");
    ResourceDefinition core = EventResources.coreEvents();
    assertThat(core.printer().cells(legacy, NOW)).containsExactly("60s", "Normal", "Killing", "pod/web", "",
        "kubelet, node-1", "Stopping container", "60m", 4L, "web.2");
    // The same row either way, as upstream prints both versions from the internal form.
    assertThat(EventResources.eventsV1().printer().cells(v1, NOW)).isEqualTo(core.printer().cells(legacy, NOW));
  }

  @Test
  void newStyleEventsPrintTheirSeriesAndReportingController() {
    assertThat(EventResources.coreEvents().printer().cells(obj(NEW_STYLE), NOW)).containsExactly("10m", "Normal",
        "Pulling", "pod/web", "spec.containers{web}", "kubelet, node-1", "Pulling image nginx", "30m", 3L,
        "web.1");
  }

  @Test
  void fieldSelectorsAreUpstreamsForBothGroups() {
    ResourceDefinition core = EventResources.coreEvents();
    assertThat(core.shortNames()).containsExactly("ev");
    assertThat(core.fieldSelectors().keySet()).containsExactlyInAnyOrder("involvedObject.kind",
        "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
        "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source",
        "type");
    KubeObject served = obj(NEW_STYLE);
    assertThat(core.fieldSelectors().get("reportingComponent").apply(served)).isEqualTo("kubelet");
    assertThat(EventResources.eventsV1().fieldSelectors().get("regarding.name").apply(served)).isEqualTo("web");
    assertThat(EventResources.eventsV1().fieldSelectors().get("regarding.name")
        .apply(new EventConversion().toStorage(served))).isEqualTo("web");
  }

  @Test
  void legacyRulesApplyToEveryEventAndStrictRulesToEventsK8sIo() {
    EventStrategy legacy = new EventStrategy(false);
    KubeObject mismatch = obj("{'metadata':{'name':'x','namespace':'team-a'},'involvedObject':{'kind':'Pod',"
        + "'namespace':'team-b','name':'web'}}");
    assertThat(messages(legacy.validate(mismatch))).containsExactly(
        "involvedObject.namespace: Invalid value: \"team-b\": does not match event.namespace");
    KubeObject incomplete = obj("{'metadata':{'name':'x','namespace':'default'},'eventTime':"
        + "'2026-11-29T00:00:00.000000Z','involvedObject':{'kind':'Node','name':'n1'}}");
    assertThat(messages(legacy.validate(incomplete))).containsExactly("reportingController: Required value",
        "reportingController: Invalid value: \"\": name part must be non-empty",
        "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or "
            + "'.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
            + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        "reportingInstance: Required value", "action: Required value", "reason: Required value");
    assertThat(legacy.nameRule().apply("web.17a3c5d2e1f0")).isEmpty();
    assertThat(legacy.nameRule().apply("a/b")).containsExactly("may not contain '/'");

    EventStrategy strict = new EventStrategy(true);
    assertThat(strict.validate(obj(NEW_STYLE))).isEmpty();
    KubeObject old = obj(NEW_STYLE.replace("'type':'Normal'", "'type':'Sometimes'")
        .replace("'series':{'count':3", "'deprecatedCount':2,'series':{'count':1"));
    assertThat(messages(strict.validate(old))).containsExactly("series.count: Invalid value: \"\": should be at "
        + "least 2", "type: Invalid value: \"\": has invalid value: Sometimes",
        "count: Invalid value: \"\": needs to be unset");
    KubeObject edited = obj(NEW_STYLE.replace("'reason':'Pulling'", "'reason':'Pulled'"));
    assertThat(messages(strict.validateUpdate(edited, obj(NEW_STYLE)))).containsExactly(
        "reason: Invalid value: \"Pulled\": field is immutable");
  }
}
