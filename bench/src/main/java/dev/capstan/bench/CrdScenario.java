package dev.capstan.bench;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CustomResourceDefinitions (scenario 7): how long a new CRD takes to be Established and to serve its
 * first custom resource, and what a CEL rule adds to a custom resource create, against the same kind without rules
 * on the same server.
 */
final class CrdScenario {
  private static final AtomicInteger ROUND = new AtomicInteger();

  private CrdScenario() {}

  /** Runs against a Capstan whose namespace {@link ApiScenarios#NS} exists. */
  static void run(Bench b, HttpClient client, String base) throws Exception {
    Bench.section("7. CRDs");
    Report r = b.report;
    int runs = Math.max(3, b.profile.runs());
    List<Double> established = new ArrayList<>();
    List<Double> firstServed = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String group = "g" + ROUND.incrementAndGet() + ".bench.example.com";
      long start = System.nanoTime();
      Http.expect(client, Http.post(base + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
          crd(group, false)), 201);
      String crdUrl = base + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets." + group;
      while (!new String(Http.send(client, Http.get(crdUrl)).body(), StandardCharsets.UTF_8)
          .contains("\"type\":\"Established\",\"status\":\"True\"")) {
        Thread.onSpinWait();
      }
      established.add((System.nanoTime() - start) / 1e6);
      String crs = base + "/apis/" + group + "/v1/namespaces/" + ApiScenarios.NS + "/widgets";
      while (Http.send(client, Http.post(crs, widget(group, "first", 1))).statusCode() != 201) {
        Thread.onSpinWait();
      }
      firstServed.add((System.nanoTime() - start) / 1e6);
    }
    double est = Load.median(established.stream().mapToDouble(Double::doubleValue).toArray());
    double first = Load.median(firstServed.stream().mapToDouble(Double::doubleValue).toArray());
    Load.Sample plainCm = ApiScenarios.createRuns(b, client, base, 1);
    r.info("7", "CRD create to Established (median of " + runs + ")", "ms", "ConfigMap create p50, C=1",
        plainCm.p50(), est);
    r.info("7", "CRD create to first custom resource created", "ms", "ConfigMap create p50, C=1", plainCm.p50(),
        first);

    String plain = "p" + ROUND.incrementAndGet() + ".bench.example.com";
    String ruled = "r" + ROUND.incrementAndGet() + ".bench.example.com";
    for (String g : List.of(plain, ruled)) {
      Http.expect(client, Http.post(base + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
          crd(g, g.equals(ruled))), 201);
      String crs = base + "/apis/" + g + "/v1/namespaces/" + ApiScenarios.NS + "/widgets";
      while (Http.send(client, Http.post(crs, widget(g, "probe", 1))).statusCode() != 201) {
        Thread.onSpinWait();
      }
    }
    Load.Sample without = createRuns(b, client, base, plain);
    Load.Sample with = createRuns(b, client, base, ruled);
    r.info("7", "custom resource create p50 with 3 CEL rules, C=1", "ms", "same kind without rules",
        without.p50(), with.p50());
  }

  private static Load.Sample createRuns(Bench b, HttpClient client, String base, String group) {
    String url = base + "/apis/" + group + "/v1/namespaces/" + ApiScenarios.NS + "/widgets";
    return b.repeat(1, () -> {
      int round = ROUND.incrementAndGet();
      return (w, n) -> Http.expect(client, Http.post(url, widget(group, "w" + round + "-" + w + "-" + n, 3)), 201);
    });
  }

  private static byte[] widget(String group, String name, int replicas) {
    return ("{\"apiVersion\":\"" + group + "/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"" + name
        + "\"},\"spec\":{\"replicas\":" + replicas + ",\"maxReplicas\":5,\"color\":\"red\","
        + "\"sizes\":[1,2,3]}}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] crd(String group, boolean rules) {
    String validations = rules ? ",\"x-kubernetes-validations\":["
        + "{\"rule\":\"self.replicas <= self.maxReplicas\",\"message\":\"too many\"},"
        + "{\"rule\":\"self.color in ['red', 'green', 'blue']\"},"
        + "{\"rule\":\"self.sizes.all(s, s > 0)\"}]" : "";
    return ("{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":"
        + "\"widgets." + group + "\"},\"spec\":{\"group\":\"" + group + "\",\"scope\":\"Namespaced\",\"names\":{"
        + "\"plural\":\"widgets\",\"singular\":\"widget\",\"kind\":\"Widget\"},\"versions\":[{\"name\":\"v1\","
        + "\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\",\"properties\":{"
        + "\"spec\":{\"type\":\"object\"" + validations + ",\"properties\":{\"replicas\":{\"type\":\"integer\"},"
        + "\"maxReplicas\":{\"type\":\"integer\"},\"color\":{\"type\":\"string\",\"maxLength\":16},"
        + "\"sizes\":{\"type\":\"array\",\"maxItems\":10,\"items\":{\"type\":\"integer\"}}}}}}}}]}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
