package dev.capstan.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.core.CoreResources;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.memory.MemoryStores;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The generic write semantics every resource gets: status, scale, generation, finalizers and propagation. */
class RegistryLifecycleTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final ResourceDefinition WIDGETS = ResourceDefinition.builder("example.dev", "v1", "widgets",
      "Widget").statusSubresource().scaleSubresource().generation().build();
  private static final ResourceDefinition GADGETS = ResourceDefinition.builder("example.dev", "v1", "gadgets",
      "Gadget").orphanByDefault().build();

  private KvStore kv;
  private Registry registry;

  @BeforeEach
  void start() {
    kv = MemoryStores.open();
    List<ResourceDefinition> all = new ArrayList<>(CoreResources.all());
    all.add(WIDGETS);
    all.add(GADGETS);
    registry = new Registry(kv, new Catalog(all), Clock.systemUTC());
    registry.start();
  }

  @AfterEach
  void stop() throws Exception {
    registry.close();
    kv.close();
  }

  @Test
  void statusIsClearedOnCreateAndIgnoredByTheMainResource() {
    KubeObject created = registry.create(WIDGETS, "default", widget("w", 2, "{\"replicas\":5}"));
    assertThat(created.node().has("status")).isFalse();
    assertThat(created.metadata().path("generation").asLong()).isEqualTo(1);

    KubeObject updated = registry.update(WIDGETS, "default", "w", o -> {
      ((ObjectNode) o.node()).putObject("status").put("replicas", 9);
      return o;
    }, false);
    assertThat(updated.node().has("status")).isFalse();
    assertThat(updated.metadata().path("generation").asLong()).as("no spec change").isEqualTo(1);
  }

  @Test
  void statusWritesChangeOnlyTheStatus() {
    registry.create(WIDGETS, "default", widget("w", 2, null));
    KubeObject written = registry.updateStatus(WIDGETS, "default", "w", o -> {
      ((ObjectNode) o.node().path("spec")).put("replicas", 7);
      o.metadata().putObject("labels").put("sneaky", "yes");
      ((ObjectNode) o.node()).putObject("status").put("replicas", 2);
      return o;
    }, false);
    assertThat(written.node().path("status").path("replicas").asLong()).isEqualTo(2);
    assertThat(written.node().path("spec").path("replicas").asLong()).isEqualTo(2);
    assertThat(written.metadata().has("labels")).isFalse();
  }

  @Test
  void generationGrowsWithEachSpecChange() {
    registry.create(WIDGETS, "default", widget("w", 1, null));
    KubeObject scaled = registry.update(WIDGETS, "default", "w", o -> {
      ((ObjectNode) o.node().path("spec")).put("replicas", 3);
      return o;
    }, false);
    assertThat(scaled.metadata().path("generation").asLong()).isEqualTo(2);
    KubeObject labelled = registry.update(WIDGETS, "default", "w", o -> {
      o.metadata().putObject("labels").put("a", "b");
      return o;
    }, false);
    assertThat(labelled.metadata().path("generation").asLong()).isEqualTo(2);
  }

  @Test
  void scaleReadsAndWritesTheReplicas() {
    KubeObject w = widget("w", 2, null);
    ((ObjectNode) w.node().path("spec")).putObject("selector").putObject("matchLabels").put("app", "w");
    registry.create(WIDGETS, "default", w);
    KubeObject scale = registry.scale(WIDGETS, "default", "w");
    assertThat(scale.kind()).isEqualTo("Scale");
    assertThat(scale.apiVersion()).isEqualTo("autoscaling/v1");
    assertThat(scale.node().path("spec").path("replicas").asLong()).isEqualTo(2);
    assertThat(scale.node().path("status").path("selector").asString()).isEqualTo("app=w");

    KubeObject after = registry.updateScale(WIDGETS, "default", "w", s -> {
      ((ObjectNode) s.node().path("spec")).put("replicas", 4);
      return s;
    }, false);
    assertThat(after.node().path("spec").path("replicas").asLong()).isEqualTo(4);
    KubeObject stored = registry.store(WIDGETS).get(WIDGETS.key("default", "w"));
    assertThat(stored.node().path("spec").path("replicas").asLong()).isEqualTo(4);
    assertThat(stored.metadata().path("generation").asLong()).isEqualTo(2);

    assertThatThrownBy(() -> registry.updateScale(WIDGETS, "default", "w", s -> {
      ((ObjectNode) s.node().path("spec")).put("replicas", -1);
      return s;
    }, false)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(422);
      assertThat(e.getMessage()).isEqualTo("Scale.autoscaling \"w\" is invalid: spec.replicas: Invalid value: -1: "
          + "must be greater than or equal to 0");
    });
  }

  @Test
  void finalizersHoldADeletedObjectUntilTheyAreRemoved() {
    KubeObject w = widget("w", 1, null);
    w.metadata().putArray("finalizers").add("example.dev/hold");
    registry.create(WIDGETS, "default", w);

    DeleteRequest.Result result = registry.delete(WIDGETS, "default", "w", DeleteRequest.DEFAULT);
    assertThat(result.gone()).isFalse();
    assertThat(result.object().hasDeletionTimestamp()).isTrue();
    assertThat(result.object().metadata().path("deletionGracePeriodSeconds").asLong()).isZero();

    assertThatThrownBy(() -> registry.update(WIDGETS, "default", "w", o -> {
      o.metadata().withArray("finalizers").add("example.dev/more");
      return o;
    }, false)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains(
        "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new "
            + "finalizers []string{\"example.dev/more\"}"));

    registry.update(WIDGETS, "default", "w", o -> {
      o.metadata().remove("finalizers");
      return o;
    }, false);
    assertThatThrownBy(() -> registry.store(WIDGETS).get(WIDGETS.key("default", "w")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void backgroundDeletionRemovesDependents() throws InterruptedException {
    KubeObject owner = registry.create(WIDGETS, "default", widget("owner", 1, null));
    registry.create(GADGETS, "default", ownedGadget("child", owner));

    assertThat(registry.delete(WIDGETS, "default", "owner", DeleteRequest.DEFAULT).gone()).isTrue();
    awaitGone(GADGETS, "child");
  }

  @Test
  void orphanDeletionReleasesDependentsThenFinishes() throws InterruptedException {
    KubeObject owner = registry.create(WIDGETS, "default", widget("owner", 1, null));
    registry.create(GADGETS, "default", ownedGadget("child", owner));

    DeleteRequest orphan = new DeleteRequest(Preconditions.NONE, false, null, "Orphan");
    DeleteRequest.Result result = registry.delete(WIDGETS, "default", "owner", orphan);
    assertThat(result.gone()).isFalse();
    assertThat(result.object().metadata().path("finalizers").get(0).asString()).isEqualTo("orphan");
    awaitGone(WIDGETS, "owner");
    KubeObject child = registry.store(GADGETS).get(GADGETS.key("default", "child"));
    assertThat(child.metadata().has("ownerReferences")).isFalse();
  }

  @Test
  void foregroundDeletionWaitsForBlockingDependents() throws InterruptedException {
    KubeObject owner = registry.create(WIDGETS, "default", widget("owner", 1, null));
    registry.create(GADGETS, "default", ownedGadget("child", owner));

    DeleteRequest foreground = new DeleteRequest(Preconditions.NONE, false, null, "Foreground");
    assertThat(registry.delete(WIDGETS, "default", "owner", foreground).gone()).isFalse();
    awaitGone(GADGETS, "child");
    awaitGone(WIDGETS, "owner");
  }

  @Test
  void aKindThatOrphansByDefaultGetsTheOrphanFinalizer() throws InterruptedException {
    registry.create(GADGETS, "default", KubeObject.wrap(JSON.createObjectNode().put("apiVersion", "example.dev/v1")
        .put("kind", "Gadget").set("metadata", JSON.createObjectNode().put("name", "g").put("namespace", "default"))));
    DeleteRequest.Result result = registry.delete(GADGETS, "default", "g", DeleteRequest.DEFAULT);
    assertThat(result.gone()).isFalse();
    awaitGone(GADGETS, "g");
  }

  @Test
  void dryRunDeleteLeavesTheObject() {
    registry.create(WIDGETS, "default", widget("w", 1, null));
    DeleteRequest dry = new DeleteRequest(Preconditions.NONE, true, null, "");
    assertThat(registry.delete(WIDGETS, "default", "w", dry).gone()).isTrue();
    assertThat(registry.store(WIDGETS).get(WIDGETS.key("default", "w")).hasDeletionTimestamp()).isFalse();
  }

  private void awaitGone(ResourceDefinition d, String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        registry.store(d).get(d.key("default", name));
      } catch (ApiException e) {
        if (e.code() == 404) {
          return;
        }
        throw e;
      }
      synchronized (this) {
        wait(50);
      }
    }
    throw new AssertionError(d.resource() + " " + name + " still exists");
  }

  private static KubeObject widget(String name, int replicas, String status) {
    ObjectNode node = JSON.createObjectNode().put("apiVersion", "example.dev/v1").put("kind", "Widget");
    node.putObject("metadata").put("name", name).put("namespace", "default");
    node.putObject("spec").put("replicas", replicas);
    if (status != null) {
      node.set("status", JSON.readTree(status));
    }
    return KubeObject.wrap(node);
  }

  private static KubeObject ownedGadget(String name, KubeObject owner) {
    ObjectNode node = JSON.createObjectNode().put("apiVersion", "example.dev/v1").put("kind", "Gadget");
    ObjectNode meta = node.putObject("metadata").put("name", name).put("namespace", "default");
    meta.putArray("ownerReferences").addObject().put("apiVersion", "example.dev/v1").put("kind", "Widget")
        .put("name", owner.name()).put("uid", owner.uid()).put("controller", true).put("blockOwnerDeletion", true);
    return KubeObject.wrap(node);
  }
}
