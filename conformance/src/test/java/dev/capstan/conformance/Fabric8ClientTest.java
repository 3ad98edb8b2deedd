package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a controller built on fabric8 relies on: typed CRUD with optimistic concurrency, set-based selectors
 * with paging, informers that miss no update, and leader election over Leases. Each test works in its own
 * namespace.
 */
class Fabric8ClientTest {
  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  private KubernetesClient client;

  @BeforeEach
  void connect() throws Exception {
    client = SERVER.process().fabric8Client();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  @Test
  void configMapsCreateGetListUpdateDelete() throws Exception {
    String ns = namespace("f8-cm");
    ConfigMap created = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("settings").addToLabels("app", "web").endMetadata().addToData("mode", "fast").build()).create();
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThat(created.getMetadata().getNamespace()).isEqualTo(ns);
    assertThat(created.getMetadata().getCreationTimestamp()).isNotEmpty();

    ConfigMap got = client.configMaps().inNamespace(ns).withName("settings").get();
    assertThat(got.getData()).isEqualTo(Map.of("mode", "fast"));
    assertThat(got.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(client.configMaps().inNamespace(ns).withLabel("app", "web").list().getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly("settings");

    got.getData().put("mode", "safe");
    ConfigMap updated = client.configMaps().inNamespace(ns).resource(got).update();
    assertThat(updated.getData()).isEqualTo(Map.of("mode", "safe"));
    assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

    assertThat(client.configMaps().inNamespace(ns).withName("settings").delete()).hasSize(1);
    assertThat(client.configMaps().inNamespace(ns).withName("settings").get()).isNull();
    assertThat(client.configMaps().inNamespace(ns).withName("settings").delete()).isEmpty();
  }

  @Test
  void deploymentsCreateGetListUpdateDeleteAndAStaleUpdateIsAConflict() throws Exception {
    String ns = namespace("f8-deploy");
    Deployment created = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
        .withNewMetadata().withName("x").addToLabels("app", "x").endMetadata()
        .withNewSpec().withNewSelector().addToMatchLabels("app", "x").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "x").endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx:1.27").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    // upstream's defaults, filled in on create
    assertThat(created.getSpec().getReplicas()).isEqualTo(1);
    assertThat(created.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(created.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    assertThat(created.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1);

    assertThat(client.apps().deployments().inNamespace(ns).withName("x").get().getSpec().getTemplate().getSpec()
        .getContainers()).singleElement().satisfies(c -> assertThat(c.getImage()).isEqualTo("nginx:1.27"));
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems())
        .extracting(d -> d.getMetadata().getName()).containsExactly("x");

    Deployment fresh = client.apps().deployments().inNamespace(ns).withName("x").get();
    fresh.getSpec().setReplicas(3);
    Deployment scaled = client.apps().deployments().inNamespace(ns).resource(fresh).update();
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2);

    // `created` carries the resourceVersion before the scale: writing it would lose that update.
    created.getSpec().setReplicas(5);
    assertThatThrownBy(() -> client.apps().deployments().inNamespace(ns).resource(created).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
          assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on deployments.apps \"x\": "
              + "the object has been modified; please apply your changes to the latest version and try again");
          assertThat(e.getStatus().getDetails().getName()).isEqualTo("x");
          assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("apps");
          assertThat(e.getStatus().getDetails().getKind()).isEqualTo("deployments");
        });
    assertThat(client.apps().deployments().inNamespace(ns).withName("x").get().getSpec().getReplicas()).isEqualTo(3);

    assertThat(client.apps().deployments().inNamespace(ns).withName("x").delete()).hasSize(1);
    Await.until(Duration.ofSeconds(30), "deployment x gone",
        () -> client.apps().deployments().inNamespace(ns).withName("x").get() == null);
  }

  @Test
  void setBasedSelectorsAndPagesOfExactlyLimitMatchingItems() throws Exception {
    String ns = namespace("f8-select");
    for (int i = 0; i < 25; i++) {
      ConfigMapBuilder cm = new ConfigMapBuilder().withNewMetadata().withName(name(i))
          .addToLabels("tier", List.of("web", "api", "db").get(i % 3))
          .addToLabels("env", i % 4 == 0 ? "prod" : "dev").addToLabels("suite", "select").endMetadata();
      if (i % 5 != 0) {
        cm.editMetadata().addToLabels("owner", "team-" + (i % 2)).endMetadata();
      }
      if (i % 7 == 0) {
        cm.editMetadata().addToLabels("skip", "yes").endMetadata();
      }
      client.configMaps().inNamespace(ns).resource(cm.build()).create();
    }
    IntPredicate tierIn = i -> i % 3 != 2;
    IntPredicate envNotIn = i -> i % 4 != 0;
    IntPredicate noSkip = i -> i % 7 != 0;
    IntPredicate hasOwner = i -> i % 5 != 0;
    // The namespace also holds kube-root-ca.crt, as on a real cluster: the selections stay within the suite's own.
    var all = client.configMaps().inNamespace(ns).withLabel("suite", "select");

    assertThat(names(all.withLabelIn("tier", "web", "api").list())).isEqualTo(expected(tierIn));
    assertThat(names(all.withLabelNotIn("env", "prod").list())).isEqualTo(expected(envNotIn));
    assertThat(names(all.withoutLabel("skip").list())).isEqualTo(expected(noSkip));
    assertThat(names(all.withLabel("owner").list())).isEqualTo(expected(hasOwner));

    List<String> matching = expected(tierIn.and(envNotIn).and(noSkip).and(hasOwner));
    assertThat(matching).hasSizeBetween(5, 15); // some match, most do not, spread over the keys
    UnaryOperator<FilterWatchListDeletable<ConfigMap, ConfigMapList, Resource<ConfigMap>>> selected =
        s -> s.withLabelIn("tier", "web", "api").withLabelNotIn("env", "prod").withoutLabel("skip").withLabel("owner");
    assertThat(names(selected.apply(all).list())).isEqualTo(matching);

    // Upstream applies the selector before the limit: every page but the last holds `limit` matching items,
    // all at one resourceVersion, and a list with a selector has no remainingItemCount.
    List<ConfigMapList> pages = pages(() -> selected.apply(client.configMaps().inNamespace(ns)
        .withLabel("suite", "select")), 3);
    assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(p -> assertThat(p.getItems()).hasSize(3));
    assertThat(pages.get(pages.size() - 1).getItems()).hasSizeLessThanOrEqualTo(3);
    assertThat(pages).allSatisfy(p -> {
      assertThat(p.getMetadata().getRemainingItemCount()).isNull();
      assertThat(p.getMetadata().getResourceVersion()).isEqualTo(pages.get(0).getMetadata().getResourceVersion());
    });
    assertThat(pages.stream().flatMap(p -> names(p).stream()).toList()).isEqualTo(matching);

    // Without a selector each page but the last counts the items after it (the 25, then kube-root-ca.crt).
    List<ConfigMapList> plain = pages(() -> client.configMaps().inNamespace(ns), 10);
    assertThat(plain).extracting(p -> p.getItems().size()).containsExactly(10, 10, 6);
    assertThat(plain).extracting(p -> p.getMetadata().getRemainingItemCount()).containsExactly(16L, 6L, null);
    List<String> everything = new ArrayList<>(expected(i -> true));
    everything.add("kube-root-ca.crt");
    assertThat(plain.stream().flatMap(p -> names(p).stream()).toList()).isEqualTo(everything);
  }

  @Test
  void anInformerSeesEveryOneOfAThousandRapidUpdatesInOrder() throws Exception {
    String ns = namespace("f8-inform");
    Queue<Integer> seen = new ConcurrentLinkedQueue<>();
    SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(ns).inform(
        new ResourceEventHandler<ConfigMap>() {
          @Override
          public void onAdd(ConfigMap cm) {}

          @Override
          public void onUpdate(ConfigMap oldCm, ConfigMap newCm) {
            seen.add(Integer.parseInt(newCm.getData().get("n")));
          }

          @Override
          public void onDelete(ConfigMap cm, boolean unknown) {}
        });
    try {
      informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      ConfigMap cm = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
          .withName("counter").endMetadata().addToData("n", "0").build()).create();
      for (int n = 1; n <= 1000; n++) {
        cm.getData().put("n", Integer.toString(n));
        cm = client.configMaps().inNamespace(ns).resource(cm).update();
      }
      Await.until(Duration.ofSeconds(60), "the informer's update to n=1000", seen::toString,
          () -> seen.contains(1000));
      // Watch events arrive in order and none is dropped, so an informer sees each update, not just the last.
      assertThat(List.copyOf(seen)).isEqualTo(IntStream.rangeClosed(1, 1000).boxed().toList());
      assertThat(informer.getStore().getByKey(ns + "/counter").getData()).containsEntry("n", "1000");
    } finally {
      informer.close();
    }
  }

  @Test
  void leaderElectionWithALeaseHandsOverWhenTheLeaderReleases() throws Exception {
    String ns = namespace("f8-leader");
    Queue<String> events = new ConcurrentLinkedQueue<>();
    CompletableFuture<?> a = candidate(ns, "candidate-a", events);
    CompletableFuture<?> b = candidate(ns, "candidate-b", events);
    try {
      Await.until(Duration.ofSeconds(30), "a leader", events::toString,
          () -> events.stream().anyMatch(e -> e.startsWith("start ")));
      Lease lease = client.leases().inNamespace(ns).withName("f8-election").get();
      String first = lease.getSpec().getHolderIdentity();
      assertThat(first).isIn("candidate-a", "candidate-b");
      assertThat(events).containsOnlyOnce("start " + first);
      assertThat(lease.getSpec().getLeaseTransitions()).isZero();
      assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(10);
      assertThat(lease.getSpec().getAcquireTime()).isNotNull();
      assertThat(lease.getSpec().getRenewTime()).isNotNull();

      String second = first.equals("candidate-a") ? "candidate-b" : "candidate-a";
      (first.equals("candidate-a") ? a : b).cancel(true); // releaseOnCancel: the lease is given up at once
      Await.until(Duration.ofSeconds(30), second + " leading and " + first + " stopped", events::toString,
          () -> events.contains("start " + second) && events.contains("stop " + first));
      Lease handedOver = client.leases().inNamespace(ns).withName("f8-election").get();
      assertThat(handedOver.getSpec().getHolderIdentity()).isEqualTo(second);
      assertThat(handedOver.getSpec().getLeaseTransitions()).isEqualTo(1);
      assertThat(handedOver.getSpec().getAcquireTime()).isAfterOrEqualTo(lease.getSpec().getAcquireTime());
    } finally {
      a.cancel(true);
      b.cancel(true);
    }
  }

  /** A candidate renewing often enough that the test does not wait long. */
  private CompletableFuture<?> candidate(String ns, String identity, Queue<String> events) {
    return client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
        .withName("f8-election")
        .withLock(new LeaseLock(ns, "f8-election", identity))
        .withLeaseDuration(Duration.ofSeconds(10))
        .withRenewDeadline(Duration.ofSeconds(8))
        .withRetryPeriod(Duration.ofMillis(250))
        .withReleaseOnCancel()
        .withLeaderCallbacks(new LeaderCallbacks(() -> events.add("start " + identity),
            () -> events.add("stop " + identity), leader -> events.add(identity + " sees " + leader)))
        .build()).build().start();
  }

  private List<ConfigMapList> pages(
      java.util.function.Supplier<FilterWatchListDeletable<ConfigMap, ConfigMapList, Resource<ConfigMap>>> list,
      long limit) {
    List<ConfigMapList> pages = new ArrayList<>();
    String token = null;
    do {
      ConfigMapList page = list.get().list(new ListOptionsBuilder().withLimit(limit).withContinue(token).build());
      pages.add(page);
      token = page.getMetadata().getContinue();
      assertThat(pages).as("pages").hasSizeLessThan(30);
    } while (token != null && !token.isEmpty());
    return pages;
  }

  private String namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private static String name(int i) {
    return String.format("cm-%02d", i);
  }

  private static List<String> expected(IntPredicate match) {
    return IntStream.range(0, 25).filter(match).mapToObj(Fabric8ClientTest::name).toList();
  }

  private static List<String> names(ConfigMapList list) {
    return list.getItems().stream().map(c -> c.getMetadata().getName()).toList();
  }
}
