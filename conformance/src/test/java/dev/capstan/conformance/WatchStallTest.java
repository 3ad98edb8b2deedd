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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch client that stops reading is cut off by the server instead of holding a thread and buffering without
 * end, and the other watchers of the same objects keep receiving every event.
 */
class WatchStallTest {
  private static final String NS = "stall";
  /** Each update sends an event of about this size, so a few dozen fill any kernel buffer. */
  private static final int PAYLOAD = 256 * 1024;
  private static final int UPDATES = 60;

  @TempDir
  Path tmp;

  @Test
  void aWatcherThatStopsReadingIsClosedWhileTheOthersGetEveryEvent() throws Exception {
    Path data = tmp.resolve("data");
    try (CapstanProcess server = CapstanProcess.startServer(data);
        KubernetesClient client = server.fabric8Client()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
      String big = "x".repeat(PAYLOAD);
      String rv = client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
          .withName("big").endMetadata().withData(Map.of("payload", big, "n", "0")).build()).create()
          .getMetadata().getResourceVersion();

      AtomicInteger modified = new AtomicInteger();
      try (Watch healthy = client.configMaps().inNamespace(NS)
              .watch(new ListOptionsBuilder().withResourceVersion(rv).build(), counter(modified));
          SSLSocket stalled = stalledWatch(server, data, rv)) {
        for (int i = 1; i <= UPDATES; i++) {
          client.configMaps().inNamespace(NS).withName("big").edit(cm -> {
            cm.getData().put("n", Integer.toString(Integer.parseInt(cm.getData().get("n")) + 1));
            return cm;
          });
        }
        Await.until(Duration.ofSeconds(60), "the reading watcher gets all " + UPDATES + " updates",
            () -> modified.get() + " received", () -> modified.get() == UPDATES);

        // Now read the stalled stream: what the kernel buffered arrives, then the end the server gave it.
        int events = readUntilEnd(stalled, Duration.ofSeconds(60));
        assertThat(events).as("events the stalled watcher received before the server ended its watch")
            .isLessThan(UPDATES);
      }
      assertThat(server.log()).doesNotContain("ERROR");
    }
  }

  /** A watch over HTTP/1.1 with a tiny receive buffer whose response body is never read until the end. */
  private static SSLSocket stalledWatch(CapstanProcess server, Path data, String rv) throws Exception {
    URI url = URI.create(server.url());
    SSLSocket socket = (SSLSocket) TestCertificates.sslContext(TestCertificates.clusterCa(data),
        TestCertificates.admin(data)).getSocketFactory().createSocket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 10_000);
    socket.startHandshake();
    OutputStream out = socket.getOutputStream();
    out.write(("GET /api/v1/namespaces/" + NS + "/configmaps?watch=1&resourceVersion=" + rv + " HTTP/1.1\r\n"
        + "Host: " + url.getHost() + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      assertThat(c).as("response headers, got so far: %s", head).isNotNegative();
      head.append((char) c);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200");
    return socket;
  }

  /** Counts the watch events in the (chunked) body until the server ends the stream. */
  private static int readUntilEnd(SSLSocket socket, Duration limit) throws IOException {
    byte[] marker = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    socket.setSoTimeout((int) limit.toMillis());
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[64 * 1024];
    int events = 0;
    int matched = 0;
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          matched = buf[i] == marker[matched] ? matched + 1 : buf[i] == marker[0] ? 1 : 0;
          if (matched == marker.length) {
            events++;
            matched = 0;
          }
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not end the stalled watch within " + limit.toSeconds() + " s", e);
    } catch (IOException reset) {
      // a reset is an end too
    }
    return events;
  }

  private static Watcher<ConfigMap> counter(AtomicInteger modified) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        if (action == Action.MODIFIED) {
          modified.incrementAndGet();
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
