package dev.capstan.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ApiException;
import dev.capstan.api.GroupResource;
import dev.capstan.api.KubeObject;
import dev.capstan.server.storage.KvStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The typed store's contract, on every storage backend. */
public abstract class ObjectStoreContractTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final GroupResource CONFIGMAPS = new GroupResource("", "configmaps");

  protected KvStore kv;
  private ObjectStore store;
  private String prefix;

  protected abstract KvStore openKv() throws Exception;

  @BeforeEach
  void open(TestInfo info) throws Exception {
    kv = openKv();
    store = ObjectStores.over(kv, CONFIGMAPS);
    prefix = "/registry/configmaps/" + info.getTestMethod().orElseThrow().getName().toLowerCase() + "-"
        + System.nanoTime() + "/";
  }

  @AfterEach
  void close() {
    kv.close();
  }

  @Test
  void createSetsTheResourceVersionWithoutStoringIt() {
    KubeObject created = store.create(prefix + "a", configMap("a", "k", "v"));
    assertThat(created.resourceVersion()).isNotEmpty();
    assertThat(Long.parseLong(created.resourceVersion())).isEqualTo(kv.currentRevision());
    assertThat(new String(kv.get(prefix + "a").orElseThrow().value(), StandardCharsets.UTF_8))
        .doesNotContain("resourceVersion").contains("\"k\":\"v\"");
    assertThat(store.get(prefix + "a").node()).isEqualTo(created.node());
  }

  @Test
  void errorsAreWordedAsUpstream() {
    store.create(prefix + "a", configMap("a", "k", "v"));
    expect(() -> store.create(prefix + "a", configMap("a", "k", "v")), 409, "AlreadyExists",
        "configmaps \"a\" already exists");
    expect(() -> store.get(prefix + "missing"), 404, "NotFound", "configmaps \"missing\" not found");
    expect(() -> store.delete(prefix + "missing", Preconditions.NONE), 404, "NotFound",
        "configmaps \"missing\" not found");
    expect(() -> store.guaranteedUpdate(prefix + "missing", Preconditions.NONE, o -> o), 404, "NotFound",
        "configmaps \"missing\" not found");
    KubeObject withRv = configMap("b", "k", "v");
    withRv.setResourceVersion("7");
    expect(() -> store.create(prefix + "b", withRv), 400, "BadRequest",
        "resourceVersion should not be set on objects to be created");
  }

  @Test
  void anUpdateThatChangesNothingKeepsTheResourceVersion() {
    KubeObject created = store.create(prefix + "a", configMap("a", "k", "v"));
    KubeObject same = store.guaranteedUpdate(prefix + "a", Preconditions.NONE, o -> o);
    assertThat(same.resourceVersion()).isEqualTo(created.resourceVersion());
    KubeObject changed = store.guaranteedUpdate(prefix + "a", Preconditions.NONE, o -> {
      ((ObjectNode) o.node().get("data")).put("k", "w");
      return o;
    });
    assertThat(Long.parseLong(changed.resourceVersion())).isGreaterThan(Long.parseLong(created.resourceVersion()));
    assertThat(store.get(prefix + "a").node().get("data").get("k").asString()).isEqualTo("w");
  }

  @Test
  void concurrentUpdatesAreRetriedAndNoneIsLost() throws Exception {
    store.create(prefix + "n", configMap("n", "count", "0"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 50; i++) {
          store.guaranteedUpdate(prefix + "n", Preconditions.NONE, o -> {
            ObjectNode data = (ObjectNode) o.node().get("data");
            data.put("count", Integer.toString(Integer.parseInt(data.get("count").asString()) + 1));
            return o;
          });
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertThat(store.get(prefix + "n").node().get("data").get("count").asString()).isEqualTo("400");
  }

  @Test
  void preconditionsAreChecked() {
    KubeObject created = store.create(prefix + "a", configMap("a", "k", "v"));
    expect(() -> store.guaranteedUpdate(prefix + "a", new Preconditions("other-uid", ""), o -> o), 409, "Conflict",
        "Operation cannot be fulfilled on configmaps \"a\": Precondition failed: UID in precondition: other-uid, "
            + "UID in object meta: uid-a");
    String stale = Long.toString(Long.parseLong(created.resourceVersion()) + 1000);
    expect(() -> store.delete(prefix + "a", new Preconditions("", stale)), 409, "Conflict",
        "Operation cannot be fulfilled on configmaps \"a\": Precondition failed: ResourceVersion in precondition: "
            + stale + ", ResourceVersion in object meta: " + created.resourceVersion());
    KubeObject deleted = store.delete(prefix + "a", new Preconditions("uid-a", created.resourceVersion()));
    assertThat(deleted.node()).isEqualTo(created.node());
    expect(() -> store.get(prefix + "a"), 404, "NotFound", "configmaps \"a\" not found");
  }

  @Test
  void listPagesWithUpstreamContinueTokensAtOneRevision() {
    for (int i = 0; i < 25; i++) {
      store.create(prefix + String.format("cm-%02d", i), configMap(String.format("cm-%02d", i), "k", "v"));
    }
    ObjectList first = store.list(prefix, new ListOptions("", "", 10, ""));
    assertThat(first.items()).hasSize(10);
    assertThat(first.continueToken()).isNotEmpty();
    String decoded = new String(Base64.getUrlDecoder().decode(first.continueToken()), StandardCharsets.UTF_8);
    assertThat(decoded).isEqualTo("{\"v\":\"meta.k8s.io/v1\",\"rv\":" + first.resourceVersion()
        + ",\"start\":\"cm-09\\u0000\"}");

    store.create(prefix + "cm-000", configMap("cm-000", "k", "late")); // after the snapshot: not in this list
    List<String> names = new ArrayList<>();
    ObjectList page = first;
    while (true) {
      page.items().forEach(o -> names.add(o.name()));
      assertThat(page.resourceVersion()).isEqualTo(first.resourceVersion());
      if (page.continueToken().isEmpty()) {
        break;
      }
      page = store.list(prefix, new ListOptions("", "", 10, page.continueToken()));
    }
    assertThat(names).hasSize(25).isSorted().doesNotContain("cm-000");
    assertThat(store.list(prefix, ListOptions.ALL).items()).hasSize(26);
  }

  @Test
  void listAppliesTheSelectorWhilePagingAsUpstreamDoes() {
    // 25 objects, every third one matching: 9 matches spread across the keys.
    List<String> matching = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String name = String.format("cm-%02d", i);
      KubeObject cm = configMap(name, "k", "v");
      boolean match = i % 3 == 0;
      cm.metadata().putObject("labels").put("tier", match ? "web" : "db");
      store.create(prefix + name, cm);
      if (match) {
        matching.add(name);
      }
    }
    java.util.function.Predicate<KubeObject> web = Selectors.labels("tier=web");
    List<String> names = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    ObjectList page = store.list(prefix, new ListOptions("", "", 4, "", web));
    String revision = page.resourceVersion();
    while (true) {
      page.items().forEach(o -> names.add(o.name()));
      sizes.add(page.items().size());
      assertThat(page.resourceVersion()).isEqualTo(revision);
      assertThat(page.remainingItemCount()).as("no count with a selector").isEmpty();
      if (page.continueToken().isEmpty()) {
        break;
      }
      page = store.list(prefix, new ListOptions("", "", 4, page.continueToken(), web));
    }
    // Full pages of 4 until the last, the continue token after the last key examined (cm-09, then cm-21).
    assertThat(sizes).containsExactly(4, 4, 1);
    assertThat(names).isEqualTo(matching);

    // With no selector a page counts the items after it; the last page has neither token nor count.
    ObjectList first = store.list(prefix, new ListOptions("", "", 10, ""));
    assertThat(first.remainingItemCount()).hasValue(15);
    ObjectList second = store.list(prefix, new ListOptions("", "", 10, first.continueToken()));
    assertThat(second.remainingItemCount()).hasValue(5);
    ObjectList last = store.list(prefix, new ListOptions("", "", 10, second.continueToken()));
    assertThat(last.items()).hasSize(5);
    assertThat(last.continueToken()).isEmpty();
    assertThat(last.remainingItemCount()).isEmpty();

    // A selector that matches nothing reads to the end and answers one empty, final page.
    ObjectList none = store.list(prefix, new ListOptions("", "", 4, "", Selectors.labels("tier=none")));
    assertThat(none.items()).isEmpty();
    assertThat(none.continueToken()).isEmpty();
  }

  @Test
  void listAtAnExactOldRevisionAndAFutureOne() {
    KubeObject a = store.create(prefix + "a", configMap("a", "k", "old"));
    store.guaranteedUpdate(prefix + "a", Preconditions.NONE, o -> {
      ((ObjectNode) o.node().get("data")).put("k", "new");
      return o;
    });
    ObjectList old = store.list(prefix, new ListOptions(a.resourceVersion(), "Exact", 0, ""));
    assertThat(old.items()).singleElement().satisfies(o -> assertThat(o.node().get("data").get("k").asString())
        .isEqualTo("old"));
    long future = kv.currentRevision() + 100;
    expect(() -> store.list(prefix, new ListOptions(Long.toString(future), "NotOlderThan", 0, "")), 504, "Timeout",
        "Too large resource version: " + future + ", current: " + kv.currentRevision());
    expect(() -> store.list(prefix, new ListOptions("abc", "", 0, "")), 400, "BadRequest",
        "resourceVersion: Invalid value: \"abc\": must be a non-negative integer");
  }

  @Test
  void badAndExpiredContinueTokensAreClientErrors() {
    for (int i = 0; i < 3; i++) {
      store.create(prefix + "cm-" + i, configMap("cm-" + i, "k", "v"));
    }
    ObjectList first = store.list(prefix, new ListOptions("", "", 1, ""));
    expect(() -> store.list(prefix, new ListOptions("", "", 1, "not-a-token")), 400, "BadRequest",
        "continue key is not valid: could not decode the token");
    expect(() -> store.list(prefix, new ListOptions("5", "", 1, first.continueToken())), 400, "BadRequest",
        "specifying resource version is not allowed when using continue");

    KubeObject cm = store.get(prefix + "cm-0");
    store.guaranteedUpdate(prefix + "cm-0", Preconditions.NONE, o -> {
      ((ObjectNode) o.node().get("data")).put("k", "changed");
      return o;
    });
    kv.compact(kv.currentRevision());
    assertThat(cm.resourceVersion()).isNotEmpty();
    assertThatThrownBy(() -> store.list(prefix, new ListOptions("", "", 1, first.continueToken())))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(410);
          assertThat(e.reason()).isEqualTo("Expired");
          assertThat(e.getMessage()).startsWith("The provided continue parameter is too old");
        });
  }

  private static void expect(ThrowingCallable call, int code, String reason, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  private static KubeObject configMap(String name, String key, String value) {
    ObjectNode node = JSON.createObjectNode();
    node.put("apiVersion", "v1");
    node.put("kind", "ConfigMap");
    node.putObject("metadata").put("name", name).put("namespace", "default").put("uid", "uid-" + name);
    node.putObject("data").put(key, value);
    return KubeObject.wrap(node);
  }
}
