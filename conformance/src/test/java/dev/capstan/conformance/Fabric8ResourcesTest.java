package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** fabric8's typed CRUD against the first served resources. */
class Fabric8ResourcesTest {
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
  void configMapCreateGetListUpdateDelete() throws Exception {
    ConfigMap created = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("f8").addToLabels("app", "f8").endMetadata().addToData("k", "v").build()).create();
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();

    assertThat(client.configMaps().inNamespace("default").withName("f8").get().getData()).containsEntry("k", "v");
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("other")
        .endMetadata().build()).create();
    assertThat(client.configMaps().inNamespace("default").withLabel("app", "f8").list().getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly("f8");

    // resourceVersion=0 is answered from the watch cache; it has the object once its event has arrived.
    Await.until(Duration.ofSeconds(10), "the cache holding f8", () -> !client.configMaps().inNamespace("default")
        .withLabel("app", "f8").list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withResourceVersion("0")
            .build()).getItems().isEmpty());
    assertThat(client.configMaps().inNamespace("default").withLabel("app", "f8")
        .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withResourceVersion("0").build()).getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly("f8");

    created.getData().put("k", "w");
    ConfigMap updated = client.configMaps().inNamespace("default").resource(created).update();
    assertThat(updated.getData()).containsEntry("k", "w");
    assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
        .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

    // An update from a stale copy is a 409 Conflict, never a lost write.
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(created).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    assertThat(client.configMaps().inNamespace("default").withName("f8").delete()).hasSize(1);
    assertThat(client.configMaps().inNamespace("default").withName("f8").get()).isNull();
  }

  @Test
  void watchesAndInformersOverWebSocketSeeEveryChange() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (Watch watch = client.configMaps().inNamespace("default").watch(new Watcher<ConfigMap>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        if (!cm.getMetadata().getName().equals("kube-root-ca.crt")) { // in every namespace, as on a real cluster
          events.add(action + " " + cm.getMetadata().getName());
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        events.add("CLOSED " + cause);
      }
    })) {
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("w1")
          .endMetadata().addToData("k", "v").build()).create();
      client.configMaps().inNamespace("default").withName("w1").edit(c -> {
        c.getData().put("k", "w");
        return c;
      });
      client.configMaps().inNamespace("default").withName("w1").delete();
      assertThat(List.of(poll(events), poll(events), poll(events)))
          .containsExactly("ADDED w1", "MODIFIED w1", "DELETED w1");
    }

    Map<String, String> seen = new ConcurrentHashMap<>();
    SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("default").inform(
        new ResourceEventHandler<ConfigMap>() {
          @Override
          public void onAdd(ConfigMap cm) {
            seen.put(cm.getMetadata().getName(), "added");
          }

          @Override
          public void onUpdate(ConfigMap oldCm, ConfigMap newCm) {
            seen.put(newCm.getMetadata().getName(), "updated");
          }

          @Override
          public void onDelete(ConfigMap cm, boolean unknown) {
            seen.put(cm.getMetadata().getName(), "deleted");
          }
        });
    try {
      informer.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("i1")
          .endMetadata().build()).create();
      Await.until(Duration.ofSeconds(30), "the informer's add of i1", seen::toString,
          () -> "added".equals(seen.get("i1")));
      assertThat(informer.getStore().getByKey("default/i1")).isNotNull();
    } finally {
      informer.close();
    }
  }

  private static String poll(BlockingQueue<String> events) throws InterruptedException {
    String e = events.poll(30, TimeUnit.SECONDS);
    assertThat(e).as("a watch event within 30 s").isNotNull();
    return e;
  }

  @Test
  void leasesForLeaderElection() {
    Lease lease = client.leases().inNamespace("default").resource(new LeaseBuilder().withNewMetadata()
        .withName("f8-leader").endMetadata().withNewSpec().withHolderIdentity("me").withLeaseDurationSeconds(15)
        .withRenewTime(java.time.ZonedDateTime.parse("2026-11-29T04:00:00.123456Z")).endSpec().build()).create();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("me");
    Lease renewed = client.leases().inNamespace("default").withName("f8-leader").edit(l -> {
      l.getSpec().setHolderIdentity("you");
      return l;
    });
    assertThat(renewed.getSpec().getHolderIdentity()).isEqualTo("you");
    assertThat(renewed.getSpec().getRenewTime().toInstant().toString()).isEqualTo("2026-11-29T04:00:00.123456Z");
  }

  @Test
  void secretStringDataIsStoredAsBase64Data() {
    client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("s1")
        .endMetadata().addToStringData("password", "hunter2").build()).create();
    Secret stored = client.secrets().inNamespace("default").withName("s1").get();
    assertThat(stored.getType()).isEqualTo("Opaque");
    assertThat(stored.getStringData()).isNullOrEmpty();
    assertThat(new String(Base64.getDecoder().decode(stored.getData().get("password")))).isEqualTo("hunter2");
  }
}
