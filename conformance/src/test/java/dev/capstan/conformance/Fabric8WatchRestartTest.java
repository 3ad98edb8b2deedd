package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch resumed from the last resourceVersion it saw gets every change made after it exactly once, even when
 * the server restarted in between: resourceVersions are the SQLite store's revisions and survive the restart.
 */
class Fabric8WatchRestartTest {
  private static final String NS = "f8-resume";

  @TempDir
  Path tmp;

  /** One watch event as the test records it; {@code data} is the object's "v" value ("" when deleted). */
  private record Event(String action, String name, String data, long resourceVersion) {
    @Override
    public String toString() {
      return action + " " + name + "=" + data + "@" + resourceVersion;
    }
  }

  @Test
  void aWatchResumesFromItsLastResourceVersionAfterARestartWithoutMissingAnEvent() throws Exception {
    Path data = tmp.resolve("data");
    Queue<Event> before = new ConcurrentLinkedQueue<>();
    long lastSeen;
    int port;
    try (CapstanProcess server = CapstanProcess.startServer(data)) {
      port = server.port();
      try (KubernetesClient client = client(server)) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
            .create();
        try (Watch watch = client.configMaps().inNamespace(NS).watch(recorder(before))) {
          create(client, "a", "1");
          create(client, "b", "1");
          update(client, "a", "2");
          client.configMaps().inNamespace(NS).withName("b").delete();
          Await.until(Duration.ofSeconds(30), "four events before the restart", before::toString,
              () -> before.size() >= 4);
        }
      }
      assertThat(before).extracting(e -> e.action() + " " + e.name() + "=" + e.data())
          .containsExactly("ADDED a=1", "ADDED b=1", "MODIFIED a=2", "DELETED b=1");
      lastSeen = List.copyOf(before).get(3).resourceVersion();
      assertThat(server.terminate()).as(server.log()).isZero(); // SIGTERM: a clean stop
    }

    // Nothing changes while it is down; the new process serves the same data on the same port.
    try (CapstanProcess server = CapstanProcess.startServer(data, port)) {
      assertThat(server.port()).isEqualTo(port);
      try (KubernetesClient client = client(server)) {
        create(client, "c", "1");
        update(client, "a", "3");
        update(client, "c", "2");
        client.configMaps().inNamespace(NS).withName("a").delete();
        create(client, "d", "1");

        Queue<Event> after = new ConcurrentLinkedQueue<>();
        try (Watch watch = client.configMaps().inNamespace(NS)
            .watch(new ListOptionsBuilder().withResourceVersion(Long.toString(lastSeen)).build(), recorder(after))) {
          Await.until(Duration.ofSeconds(30), "five events after the restart", after::toString,
              () -> after.size() >= 5);
          // A sixth change proves the stream is live and that nothing extra was queued before it.
          create(client, "e", "1");
          Await.until(Duration.ofSeconds(30), "the live event", after::toString, () -> after.size() >= 6);
        }
        List<Event> events = new ArrayList<>(after);
        assertThat(events).extracting(e -> e.action() + " " + e.name() + "=" + e.data())
            .containsExactly("ADDED c=1", "MODIFIED a=3", "MODIFIED c=2", "DELETED a=3", "ADDED d=1", "ADDED e=1");
        assertThat(events).extracting(Event::resourceVersion).allSatisfy(rv -> assertThat(rv).isGreaterThan(lastSeen))
            .isSorted().doesNotHaveDuplicates();
      }
    }
  }

  private static Watcher<ConfigMap> recorder(Queue<Event> events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        if (cm.getMetadata().getName().equals("kube-root-ca.crt")) {
          return; // every namespace has it, as on a real cluster; the test follows its own objects
        }
        Map<String, String> d = cm.getData();
        events.add(new Event(action.name(), cm.getMetadata().getName(), d == null ? "" : d.getOrDefault("v", ""),
            Long.parseLong(cm.getMetadata().getResourceVersion())));
      }

      @Override
      public void onClose(WatcherException cause) {
        events.add(new Event("CLOSED", String.valueOf(cause), "", -1));
      }
    };
  }

  private static void create(KubernetesClient client, String name, String value) {
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .endMetadata().addToData("v", value).build()).create();
  }

  private static void update(KubernetesClient client, String name, String value) {
    client.configMaps().inNamespace(NS).withName(name).edit(c -> new ConfigMapBuilder(c).addToData("v", value).build());
  }

  private static KubernetesClient client(CapstanProcess server) throws Exception {
    return server.fabric8Client();
  }
}
