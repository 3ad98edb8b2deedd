package dev.capstan.server.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.schema.OpenApiSchemas;
import dev.capstan.server.schema.Schema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply against a Deployment-like kind stated as upstream publishes such shapes: containers a map list
 * keyed by name, ports keyed by (containerPort, protocol), a set list, an atomic list, an atomic selector.
 */
class FieldManagerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Schema WIDGET = OpenApiSchemas.parse(JSON.readTree("""
      {"type":"object","properties":{
        "apiVersion":{"type":"string"},"kind":{"type":"string"},
        "metadata":{"type":"object","properties":{
          "name":{"type":"string"},"namespace":{"type":"string"},"uid":{"type":"string"},
          "resourceVersion":{"type":"string"},"creationTimestamp":{"type":"string"},
          "labels":{"type":"object","additionalProperties":{"type":"string"}},
          "annotations":{"type":"object","additionalProperties":{"type":"string"}},
          "finalizers":{"type":"array","items":{"type":"string"},"x-kubernetes-patch-strategy":"merge"},
          "managedFields":{"type":"array","items":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}},
        "spec":{"type":"object","properties":{
          "replicas":{"type":"integer"},
          "paused":{"type":"boolean"},
          "selector":{"type":"object","x-kubernetes-map-type":"atomic","properties":{
            "matchLabels":{"type":"object","additionalProperties":{"type":"string"}}}},
          "tags":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"},
          "command":{"type":"array","items":{"type":"string"}},
          "containers":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
            "items":{"type":"object","properties":{
              "name":{"type":"string"},"image":{"type":"string"},
              "ports":{"type":"array","x-kubernetes-list-type":"map",
                "x-kubernetes-list-map-keys":["containerPort","protocol"],
                "items":{"type":"object","properties":{"containerPort":{"type":"integer"},
                  "protocol":{"type":"string","default":"TCP"}}}}}}}}},
        "status":{"type":"object","properties":{"ready":{"type":"integer"}}}}}
      """));
  private static final FieldManager.Target TARGET =
      new FieldManager.Target("example.com", "v1", "Widget", "", true);
  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05.678Z");

  private final FieldManager fields = new FieldManager((g, v, k) -> Optional.of(WIDGET),
      Clock.fixed(T0, ZoneOffset.UTC));
  private final FieldManager untyped = new FieldManager((g, v, k) -> Optional.empty(), Clock.fixed(T0, ZoneOffset.UTC));

  private static ObjectNode config(String spec) {
    return (ObjectNode) JSON.readTree("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\","
        + "\"metadata\":{\"name\":\"w\",\"namespace\":\"ns\"},\"spec\":" + spec + "}");
  }

  /** Stands for what storage adds on create, so later writes are updates of an existing object. */
  private static KubeObject stored(KubeObject o) {
    KubeObject s = o.deepCopy();
    s.metadata().put("uid", "u-1").put("resourceVersion", "1");
    return s;
  }

  private static JsonNode entry(KubeObject o, String manager, String operation) {
    for (JsonNode e : o.metadata().path("managedFields")) {
      if (e.path("manager").asString().equals(manager) && e.path("operation").asString().equals(operation)) {
        return e;
      }
    }
    return null;
  }

  private static String owned(KubeObject o, String manager, String operation) {
    JsonNode e = entry(o, manager, operation);
    return e == null ? null : e.get("fieldsV1").toString();
  }

  @Test
  void applyCreatesAndOwnsExactlyTheFieldsOfItsConfiguration() {
    KubeObject o = fields.apply(TARGET, null, config("""
        {"replicas":1,"containers":[{"name":"a","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}]}]}"""),
        "mgr", false);
    assertThat(o.node().path("spec").path("replicas").asInt()).isEqualTo(1);
    JsonNode e = entry(o, "mgr", "Apply");
    assertThat(e.toString()).startsWith("{\"manager\":\"mgr\",\"operation\":\"Apply\",\"apiVersion\":\"example.com/v1\","
        + "\"time\":\"2025-01-02T03:04:05Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":");
    assertThat(e.has("subresource")).isFalse();
    assertThat(e.get("fieldsV1").toString()).isEqualTo("{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"a\\\"}\":"
        + "{\".\":{},\"f:image\":{},\"f:name\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":"
        + "{\".\":{},\"f:containerPort\":{},\"f:protocol\":{}}}}},\"f:replicas\":{}}}");
  }

  @Test
  void aCreateIsRecordedAsAnUpdateOfEverythingItSets() {
    KubeObject o = KubeObject.wrap(config("{\"replicas\":2}"));
    o.metadata().putObject("labels").put("app", "x");
    fields.update(TARGET, null, o, "kubectl-create");
    assertThat(owned(o, "kubectl-create", "Update")).isEqualTo(
        "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},\"f:spec\":{\".\":{},\"f:replicas\":{}}}");
    assertThat(entry(o, "kubectl-create", "Update").path("apiVersion").asString()).isEqualTo("example.com/v1");
  }

  @Test
  void anApplyThatChangesAnotherManagersFieldIsA409NamingIt() {
    KubeObject live = stored(fields.apply(TARGET, null, config("{\"replicas\":1,\"paused\":false}"), "mgr", false));
    KubeObject scaled = live.deepCopy();
    ((ObjectNode) scaled.node().get("spec")).put("replicas", 3);
    fields.update(TARGET, live, scaled, "autoscaler");
    assertThat(owned(scaled, "mgr", "Apply")).isEqualTo("{\"f:spec\":{\"f:paused\":{}}}");
    assertThat(owned(scaled, "autoscaler", "Update")).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");

    KubeObject current = stored(scaled);
    assertThatThrownBy(() -> fields.apply(TARGET, current, config("{\"replicas\":1,\"paused\":false}"), "mgr", false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.reason()).isEqualTo("Conflict");
          assertThat(e.getMessage()).isEqualTo(
              "Apply failed with 1 conflict: conflict with \"autoscaler\" using example.com/v1: .spec.replicas");
          assertThat(e.details().causes()).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo("FieldManagerConflict");
            assertThat(c.message()).isEqualTo("conflict with \"autoscaler\" using example.com/v1");
            assertThat(c.field()).isEqualTo(".spec.replicas");
          });
        });

    // The same value is no conflict: both own it.
    KubeObject shared = fields.apply(TARGET, current, config("{\"replicas\":3,\"paused\":false}"), "mgr", false);
    assertThat(owned(shared, "mgr", "Apply")).isEqualTo("{\"f:spec\":{\"f:paused\":{},\"f:replicas\":{}}}");
    assertThat(owned(shared, "autoscaler", "Update")).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");

    // Forced, the applier takes the field and the other manager loses it.
    KubeObject forced = fields.apply(TARGET, current, config("{\"replicas\":1,\"paused\":false}"), "mgr", true);
    assertThat(forced.node().path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(entry(forced, "autoscaler", "Update")).isNull();
  }

  @Test
  void severalConflictsAreListedByManager() {
    KubeObject live = stored(fields.apply(TARGET, null, config("{\"replicas\":1,\"paused\":false}"), "a", false));
    assertThatThrownBy(() -> fields.apply(TARGET, live, config("{\"replicas\":2,\"paused\":true}"), "b", false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("Apply failed with 2 conflicts: conflicts with \"a\":\n"
              + "- .spec.paused\n- .spec.replicas");
          assertThat(e.details().causes()).extracting(c -> c.field()).containsExactly(".spec.paused", ".spec.replicas");
        });
  }

  @Test
  void fieldsNoLongerAppliedAreRemovedUnlessSomeoneElseOwnsThem() {
    KubeObject live = stored(fields.apply(TARGET, null, config(
        "{\"replicas\":1,\"paused\":true,\"containers\":[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\",\"image\":\"y\"}]}"),
        "mgr", false));
    KubeObject other = fields.apply(TARGET, live, config("{\"paused\":true}"), "other", false);
    KubeObject next = fields.apply(TARGET, stored(other), config("{\"containers\":[{\"name\":\"b\",\"image\":\"y\"}]}"),
        "mgr", false);
    JsonNode spec = next.node().get("spec");
    assertThat(spec.has("replicas")).isFalse();
    assertThat(spec.path("paused").asBoolean()).isTrue(); // "other" owns it too
    assertThat(spec.get("containers").toString()).isEqualTo("[{\"name\":\"b\",\"image\":\"y\"}]");
  }

  @Test
  void mapListsMergeItemByItemAndKeepOtherManagersItems() {
    KubeObject live = stored(fields.apply(TARGET, null, config(
        "{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}"), "one", false));
    KubeObject next = fields.apply(TARGET, live, config(
        "{\"containers\":[{\"name\":\"b\",\"image\":\"y\"}]}"), "two", false);
    assertThat(next.node().at("/spec/containers").toString())
        .isEqualTo("[{\"name\":\"a\",\"image\":\"x\"},{\"name\":\"b\",\"image\":\"y\"}]");
    // The applier's order places the items it names; items only the live object has keep their place.
    KubeObject reordered = fields.apply(TARGET, stored(next), config(
        "{\"containers\":[{\"name\":\"c\",\"image\":\"z\"},{\"name\":\"b\",\"image\":\"y\"}]}"), "two", false);
    assertThat(reordered.node().at("/spec/containers").findValuesAsString("name")).containsExactly("a", "c", "b");
  }

  @Test
  void setListsUniteAndAtomicListsAndMapsAreReplacedWhole() {
    KubeObject live = stored(fields.apply(TARGET, null, config(
        "{\"tags\":[\"x\",\"y\"],\"command\":[\"run\",\"-v\"],\"selector\":{\"matchLabels\":{\"a\":\"1\",\"b\":\"2\"}}}"),
        "one", false));
    assertThat(owned(live, "one", "Apply")).isEqualTo("{\"f:spec\":{\"f:command\":{},\"f:selector\":{},"
        + "\"f:tags\":{\"v:\\\"x\\\"\":{},\"v:\\\"y\\\"\":{}}}}");
    KubeObject next = fields.apply(TARGET, live, config(
        "{\"tags\":[\"z\"]}"), "two", false);
    assertThat(next.node().at("/spec/tags").toString()).isEqualTo("[\"x\",\"y\",\"z\"]");
    KubeObject forced = fields.apply(TARGET, stored(next), config(
        "{\"command\":[\"stop\"],\"selector\":{\"matchLabels\":{\"c\":\"3\"}}}"), "two", true);
    assertThat(forced.node().at("/spec/command").toString()).isEqualTo("[\"stop\"]");
    assertThat(forced.node().at("/spec/selector").toString()).isEqualTo("{\"matchLabels\":{\"c\":\"3\"}}");
    assertThat(owned(forced, "one", "Apply")).isEqualTo("{\"f:spec\":{\"f:tags\":{\"v:\\\"x\\\"\":{},\"v:\\\"y\\\"\":{}}}}");
  }

  @Test
  void anObjectWithoutManagedFieldsGetsABeforeFirstApplyManager() {
    KubeObject live = stored(KubeObject.wrap(config("{\"replicas\":1,\"paused\":true}")));
    KubeObject next = fields.apply(TARGET, live, config("{\"paused\":true}"), "mgr", false);
    assertThat(owned(next, "before-first-apply", "Update")).isEqualTo(
        "{\"f:spec\":{\".\":{},\"f:paused\":{},\"f:replicas\":{}}}");
    assertThatThrownBy(() -> fields.apply(TARGET, live, config("{\"replicas\":2}"), "mgr", false))
        .hasMessage("Apply failed with 1 conflict: conflict with \"before-first-apply\" using example.com/v1: "
            + ".spec.replicas");
  }

  @Test
  void statusIsNotOwnedThroughTheMainResource() {
    KubeObject o = fields.apply(TARGET, null, (ObjectNode) config("{\"replicas\":1}").set("status",
        JSON.readTree("{\"ready\":1}")), "mgr", false);
    assertThat(owned(o, "mgr", "Apply")).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
  }

  @Test
  void kubectlTakesOverFieldsItSetWithClientSideApply() {
    ObjectNode csa = config("{\"replicas\":1}");
    KubeObject created = KubeObject.wrap(csa.deepCopy());
    created.metadata().putObject("annotations").put(FieldManager.LAST_APPLIED, csa.toString());
    fields.update(TARGET, null, created, "kubectl-client-side-apply");
    KubeObject live = stored(created);
    ObjectNode ssa = config("{\"replicas\":2}");
    assertThatThrownBy(() -> fields.apply(TARGET, live, ssa, "someone-else", false)).isInstanceOf(ApiException.class);
    KubeObject next = fields.apply(TARGET, live, ssa, "kubectl", false);
    assertThat(next.node().at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(owned(next, "kubectl", "Apply")).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
    // The annotation follows the server-side applied configuration.
    assertThat(JSON.readTree(next.metadata().at("/annotations").get(FieldManager.LAST_APPLIED).asString())
        .at("/spec/replicas").asInt()).isEqualTo(2);
  }

  @Test
  void anUpdateTakesTheFieldsItChangesFromAppliers() {
    KubeObject live = stored(fields.apply(TARGET, null, config("{\"replicas\":1,\"paused\":true}"), "mgr", false));
    KubeObject next = live.deepCopy();
    ((ObjectNode) next.node().get("spec")).put("paused", false);
    fields.update(TARGET, live, next, "editor");
    assertThat(owned(next, "mgr", "Apply")).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
    assertThat(owned(next, "editor", "Update")).isEqualTo("{\"f:spec\":{\"f:paused\":{}}}");
    // Appliers sort first.
    assertThat(next.metadata().get("managedFields").get(0).path("operation").asString()).isEqualTo("Apply");

    KubeObject unchanged = stored(next).deepCopy();
    fields.update(TARGET, stored(next), unchanged, "nobody");
    assertThat(entry(unchanged, "nobody", "Update")).isNull();
  }

  @Test
  void sentManagedFieldsReplaceTheLiveOnesAndAnEmptyListClearsThem() {
    KubeObject live = stored(fields.apply(TARGET, null, config("{\"replicas\":1}"), "mgr", false));
    KubeObject cleared = live.deepCopy();
    cleared.metadata().putArray("managedFields");
    fields.update(TARGET, live, cleared, "editor");
    assertThat(cleared.metadata().has("managedFields")).isFalse();
  }

  @Test
  void moreThanTenUpdatersAreFoldedIntoAncientChanges() {
    KubeObject live = stored(KubeObject.wrap(config("{}")));
    live.metadata().putArray("managedFields");
    KubeObject current = null;
    for (int i = 0; i < 12; i++) {
      KubeObject next = (current == null ? KubeObject.wrap(config("{}")) : current).deepCopy();
      next.metadata().remove("managedFields");
      if (current != null) {
        next.metadata().set("managedFields", current.metadata().get("managedFields").deepCopy());
      }
      ((ObjectNode) (next.metadata().has("labels") ? next.metadata().get("labels") : next.metadata().putObject("labels"))).put("l" + i, "v");
      fields.update(TARGET, current == null ? null : current, next, "writer-" + i);
      current = stored(next);
    }
    assertThat(current.metadata().get("managedFields").size()).isEqualTo(10);
    assertThat(entry(current, "ancient-changes", "Update")).isNotNull();
  }

  @Test
  void kindsWithoutASchemaTreatObjectsAsGranularMapsAndListsAsAtomic() {
    KubeObject live = stored(untyped.apply(TARGET, null, config("{\"items\":[1,2],\"size\":1}"), "one", false));
    assertThat(owned(live, "one", "Apply")).isEqualTo("{\"f:spec\":{\".\":{},\"f:items\":{},\"f:size\":{}}}");
    assertThatThrownBy(() -> untyped.apply(TARGET, live, config("{\"items\":[3]}"), "two", false))
        .hasMessageContaining(".spec.items");
  }

  @Test
  void badConfigurationsAreRefusedAsUpstreamRefusesThem() {
    ObjectNode other = config("{}").put("kind", "Gadget");
    assertThatThrownBy(() -> fields.apply(TARGET, null, other, "mgr", false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessage("invalid object type: example.com/v1, Kind=Gadget");
    ObjectNode withFields = config("{}");
    ((ObjectNode) withFields.get("metadata")).putArray("managedFields").addObject();
    assertThatThrownBy(() -> fields.apply(TARGET, null, withFields, "mgr", false))
        .hasMessage("metadata.managedFields must be nil");
    assertThatThrownBy(() -> fields.apply(TARGET, null, config("{\"containers\":[{\"image\":\"x\"}]}"), "mgr", false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(500))
        .hasMessageEndingWith(".spec.containers: element 0: associative list with keys has an element that omits key "
            + "field \"name\" (and doesn't have default value)");
    assertThatThrownBy(() -> fields.apply(TARGET, null, config(
        "{\"containers\":[{\"name\":\"a\"},{\"name\":\"a\"}]}"), "mgr", false))
        .hasMessageEndingWith(".spec.containers: duplicate entries for key [name=\"a\"]");
  }

  @Test
  void reapplyingTheSameConfigurationChangesNothing() {
    KubeObject live = stored(fields.apply(TARGET, null, config("{\"replicas\":1}"), "mgr", false));
    KubeObject again = fields.apply(TARGET, live, config("{\"replicas\":1}"), "mgr", false);
    assertThat(again.node()).isEqualTo(live.node());
  }

  @Test
  void statusWritesAreRecordedUnderTheStatusSubresource() {
    KubeObject live = stored(fields.apply(TARGET, null, config("{\"replicas\":1}"), "mgr", false));
    KubeObject next = live.deepCopy();
    next.node().putObject("status").put("ready", 1);
    fields.update(new FieldManager.Target("example.com", "v1", "Widget", "status", true), live, next, "controller");
    JsonNode e = entry(next, "controller", "Update");
    assertThat(e.path("subresource").asString()).isEqualTo("status");
    assertThat(e.get("fieldsV1").toString()).isEqualTo("{\"f:status\":{\".\":{},\"f:ready\":{}}}");
    assertThat(owned(next, "mgr", "Apply")).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
  }

  @Test
  void aDefaultedKeyMayBeOmittedFromAnAppliedItem() {
    KubeObject o = fields.apply(TARGET, null, config("""
        {"containers":[{"name":"a","ports":[{"containerPort":80}]}]}"""), "mgr", false);
    assertThat(owned(o, "mgr", "Apply")).contains("k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}");
  }

  @Test
  void anAppliedFieldTheSchemaLacksFailsAsUpstreamsTypedConversion() {
    assertThatThrownBy(() -> fields.apply(TARGET, null, config("{\"replicaz\":1}"), "mgr", false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(500);
          assertThat(e.getMessage()).isEqualTo("failed to create typed patch object (ns/w; example.com/v1, "
              + "Kind=Widget): .spec.replicaz: field not declared in schema");
        });
  }
}
