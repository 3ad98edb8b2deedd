package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nothing a client was told is created is lost: 16 clients create ConfigMaps through the API server's HTTPS API,
 * the server is killed with SIGKILL mid-load, restarted on the same data directory, and lists every ConfigMap
 * whose create was answered 201.
 */
class ApiCrashRecoveryTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path tmp;

  @Test
  void everyAcknowledgedCreateSurvivesSigkill() throws Exception {
    Path data = tmp.resolve("data");
    Set<String> acked = ConcurrentHashMap.newKeySet();
    try (CapstanProcess server = CapstanProcess.startServer(data)) {
      HttpClient client = TestCertificates.client(TestCertificates.clusterCa(data), TestCertificates.admin(data));
      URI collection = URI.create(server.url() + "/api/v1/namespaces/default/configmaps");
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService writers = Executors.newFixedThreadPool(16);
      for (int w = 0; w < 16; w++) {
        int writer = w;
        writers.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            String name = "crash-" + writer + "-" + i;
            String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\"},\"data\":{\"v\":\"" + "x".repeat(512) + "\"}}";
            try {
              HttpResponse<String> r = client.send(HttpRequest.newBuilder(collection)
                  .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(), HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 201) {
                acked.add(name);
              }
            } catch (Exception e) {
              return; // the server is gone
            }
          }
        });
      }
      Await.until(Duration.ofMinutes(3), "1500 acknowledged creates", () -> acked.size() >= 1500);
      server.kill();
      stop.set(true);
      writers.shutdown();
      assertThat(writers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
    List<String> before = new ArrayList<>(acked);

    try (CapstanProcess again = CapstanProcess.startServer(data)) {
      HttpClient client = TestCertificates.client(TestCertificates.clusterCa(data), TestCertificates.admin(data));
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(again.url()
          + "/api/v1/namespaces/default/configmaps")).timeout(Duration.ofMinutes(1)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      Set<String> stored = new HashSet<>();
      for (JsonNode item : JSON.readTree(r.body()).get("items")) {
        stored.add(item.at("/metadata/name").asString());
      }
      assertThat(stored).containsAll(before);
    }
  }
}
