package dev.capstan.server.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.capstan.api.ApiException;
import dev.capstan.server.pki.ClusterPki;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Conversion through a real HTTPS webhook, with the answers and failures kube-apiserver's integration tests
 * (test/integration/conversion) exercise, and the messages a client sees.
 */
class CrdConverterTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String V1 = "stable.example.com/v1";
  private static final String V2 = "stable.example.com/v2";

  @TempDir
  static Path dir;

  /** The webhook's CA and serving certificate, made once: key generation is the slow part of these tests. */
  private static ClusterPki pki;
  private HttpsServer server;
  private ExecutorService executor;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile HttpExchangeRecord lastRequest;
  /** Turns the received review into the reply; the default is a correct cronSpec/schedule converter. */
  private volatile UnaryOperator<Reply> behaviour = Reply::identity;

  record HttpExchangeRecord(String method, URI uri, Map<String, List<String>> headers, JsonNode review) {}

  /** What the webhook answers: a status, a content type and a body. */
  record Reply(int status, String contentType, byte[] body, JsonNode review) {
    static Reply identity(Reply r) {
      return r;
    }

    static Reply json(JsonNode answer) {
      return new Reply(200, "application/json", answer.toString().getBytes(StandardCharsets.UTF_8), answer);
    }

    static Reply text(int status, String text) {
      return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), null);
    }
  }

  @BeforeAll
  static void makeCertificates() throws Exception {
    pki = ClusterPki.loadOrCreate(dir.resolve("webhook-pki"), List.of("localhost", "conv.ns.svc", "127.0.0.1"),
        Clock.systemUTC());
  }

  @BeforeEach
  void startWebhook() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("serving", pki.servingKey().getPrivate(), new char[0],
        pki.servingChain().toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext("/convert", this::handle);
    server.start();
  }

  @AfterEach
  void stopWebhook() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws java.io.IOException {
    calls.incrementAndGet();
    JsonNode review = JSON.readTree(exchange.getRequestBody().readAllBytes());
    lastRequest = new HttpExchangeRecord(exchange.getRequestMethod(), exchange.getRequestURI(),
        Map.copyOf(exchange.getRequestHeaders()), review);
    Reply reply = behaviour.apply(Reply.json(convertCronTabs(review)));
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
    exchange.getResponseBody().write(reply.body());
    exchange.close();
  }

  /** A well-behaved webhook: v1 spec.cronSpec is v2 spec.schedule; everything else is kept. */
  private static JsonNode convertCronTabs(JsonNode review) {
    ObjectNode answer = ((ObjectNode) review).deepCopy();
    answer.remove("request");
    String desired = review.path("request").path("desiredAPIVersion").asString();
    ObjectNode response = answer.putObject("response");
    response.put("uid", review.path("request").path("uid").asString());
    var converted = response.putArray("convertedObjects");
    for (JsonNode o : review.path("request").path("objects")) {
      ObjectNode c = ((ObjectNode) o).deepCopy();
      ObjectNode spec = (ObjectNode) c.path("spec");
      if (desired.equals(V2) && spec.has("cronSpec")) {
        spec.set("schedule", spec.remove("cronSpec"));
      } else if (desired.equals(V1) && spec.has("schedule")) {
        spec.set("cronSpec", spec.remove("schedule"));
      }
      c.put("apiVersion", desired);
      converted.add(c);
    }
    response.putObject("result").put("status", "Success");
    return answer;
  }

  private String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/convert";
  }

  private String caBundle(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  private static ObjectNode json(String text) {
    return (ObjectNode) JSON.readTree(text);
  }

  private static ObjectNode spec(String conversion) {
    return json("""
        {"group":"stable.example.com",
         "names":{"plural":"crontabs","singular":"crontab","kind":"CronTab","listKind":"CronTabList"},
         "scope":"Namespaced",
         "versions":[{"name":"v1","served":true,"storage":true},{"name":"v2","served":true,"storage":false}],
         "conversion":%s}""".formatted(conversion));
  }

  private ObjectNode webhookSpec(String clientConfig, String reviewVersions) {
    return spec("""
        {"strategy":"Webhook","webhook":{"clientConfig":%s,"conversionReviewVersions":%s}}"""
        .formatted(clientConfig, reviewVersions));
  }

  private CrdConverter urlConverter() {
    return urlConverter(WebhookClient.Settings.UPSTREAM);
  }

  private CrdConverter urlConverter(WebhookClient.Settings settings) {
    String config = """
        {"url":"%s","caBundle":"%s"}""".formatted(url(), caBundle(pki.caPem()));
    return CrdConversion.create(webhookSpec(config, "[\"v1\",\"v1beta1\"]"), null, settings);
  }

  private static ObjectNode cronTab(String apiVersion, String name) {
    return json("""
        {"apiVersion":"%s","kind":"CronTab",
         "metadata":{"name":"%s","namespace":"default","uid":"uid-%s","generation":1,
                     "resourceVersion":"7","labels":{"app":"cron"}},
         "spec":{"%s":"* * * * */5","image":"my-cron"}}"""
        .formatted(apiVersion, name, name, apiVersion.equals(V1) ? "cronSpec" : "schedule"));
  }

  private static ApiException failure(Runnable r) {
    try {
      r.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected the conversion to fail");
  }

  private void assertFailsWith(CrdConverter converter, ObjectNode object, String message) {
    ApiException e = failure(() -> converter.convert(List.of(object), V2));
    assertThat(e.getMessage()).isEqualTo(message);
    assertThat(e.code()).isEqualTo(500);
    assertThat(e.reason()).isEmpty();
    assertThat(e.details()).isNull();
  }

  // ---- None ----

  @Test
  void noneStrategyRewritesOnlyTheApiVersion() {
    CrdConverter converter = CrdConverter.of(spec("{\"strategy\":\"None\"}"), null);
    ObjectNode v1 = cronTab(V1, "a");
    ObjectNode before = v1.deepCopy();

    List<ObjectNode> out = converter.convert(List.of(v1), V2);

    ObjectNode expected = before.deepCopy();
    expected.put("apiVersion", V2);
    assertThat(out).containsExactly(expected);
    assertThat(v1).isEqualTo(before);
  }

  @Test
  void aCrdWithoutConversionConvertsAsNone() {
    ObjectNode spec = spec("{}");
    spec.remove("conversion");
    List<ObjectNode> out = CrdConverter.of(spec, null).convert(List.of(cronTab(V2, "a")), V1);
    assertThat(out.get(0).path("apiVersion").asString()).isEqualTo(V1);
    assertThat(out.get(0).path("spec").has("schedule")).isTrue();
  }

  @Test
  void versionsOutsideTheCrdAreRefused() {
    CrdConverter converter = CrdConverter.of(spec("{\"strategy\":\"None\"}"), null);
    assertThat(failure(() -> converter.convert(List.of(cronTab(V1, "a")), "stable.example.com/v3")).getMessage())
        .isEqualTo("request to convert CR to an invalid group/version: stable.example.com/v3");
    assertThat(failure(() -> converter.convert(List.of(cronTab("other.example.com/v1", "a")), V2)).getMessage())
        .isEqualTo("request to convert CR from an invalid group/version: other.example.com/v1");
    assertThat(failure(() -> converter.convert(List.of(cronTab(V1, "a"), cronTab("stable.example.com/v9", "b")),
        V2)).getMessage())
        .isEqualTo("request to convert CR list failed, list index 1 has invalid group/version: stable.example.com/v9");
  }

  // ---- Webhook: success ----

  @Test
  void webhookConvertsBothWaysOverHttps() {
    CrdConverter converter = urlConverter();

    ObjectNode v2 = converter.convert(List.of(cronTab(V1, "a")), V2).get(0);
    assertThat(v2.path("apiVersion").asString()).isEqualTo(V2);
    assertThat(v2.path("spec").path("schedule").asString()).isEqualTo("* * * * */5");
    assertThat(v2.path("spec").has("cronSpec")).isFalse();

    ObjectNode back = converter.convert(List.of(v2), V1).get(0);
    assertThat(back).isEqualTo(cronTab(V1, "a"));
  }

  @Test
  void theReviewIsWhatKubeApiserverPosts() {
    urlConverter().convert(List.of(cronTab(V1, "a")), V2);

    HttpExchangeRecord r = lastRequest;
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri().getPath()).isEqualTo("/convert");
    assertThat(r.uri().getQuery()).isEqualTo("timeout=30s");
    assertThat(r.headers().get("Content-type")).containsExactly("application/json");
    assertThat(r.headers().get("User-agent")).containsExactly("kube-apiserver-admission");
    JsonNode review = r.review();
    assertThat(review.path("kind").asString()).isEqualTo("ConversionReview");
    assertThat(review.path("apiVersion").asString()).isEqualTo("apiextensions.k8s.io/v1");
    assertThat(review.path("request").path("uid").asString()).matches("[0-9a-f-]{36}");
    assertThat(review.path("request").path("desiredAPIVersion").asString()).isEqualTo(V2);
    assertThat(review.path("request").path("objects")).containsExactly(cronTab(V1, "a"));
  }

  @Test
  void objectsAlreadyAtTheDesiredVersionAreNotSent() {
    CrdConverter converter = urlConverter();
    ObjectNode same = cronTab(V2, "a");
    assertThat(converter.convert(List.of(same), V2).get(0)).isSameAs(same);
    assertThat(calls.get()).isZero();

    ObjectNode first = cronTab(V2, "first");
    ObjectNode last = cronTab(V2, "last");
    List<ObjectNode> out = converter.convert(List.of(first, cronTab(V1, "b"), last), V2);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(lastRequest.review().path("request").path("objects")).hasSize(1);
    assertThat(out.get(0)).isSameAs(first);
    assertThat(out.get(1).path("metadata").path("name").asString()).isEqualTo("b");
    assertThat(out.get(1).path("spec").path("schedule").asString()).isEqualTo("* * * * */5");
    assertThat(out.get(2)).isSameAs(last);
  }

  @Test
  void anObjectWithNothingButItsTypeIsConvertedWithoutTheWebhook() {
    ObjectNode empty = json("{\"apiVersion\":\"" + V1 + "\",\"kind\":\"CronTab\"}");
    assertThat(urlConverter().convert(List.of(empty), V2).get(0))
        .isEqualTo(json("{\"apiVersion\":\"" + V2 + "\",\"kind\":\"CronTab\"}"));
    assertThat(calls.get()).isZero();
  }

  @Test
  void onlyLabelsAndAnnotationsMayChangeInMetadata() {
    // upstream's metadataMutatingConverter: labels and annotations survive, the rest of metadata is put back.
    behaviour = reply -> {
      ObjectNode o = (ObjectNode) reply.review().path("response").path("convertedObjects").get(0);
      ObjectNode meta = (ObjectNode) o.path("metadata");
      meta.putObject("labels").put("from", "v1").put("to", "v2");
      meta.putObject("annotations").put("from", V1);
      meta.put("generation", 42);
      meta.putArray("finalizers").add("foo");
      meta.put("garbage", "x");
      return Reply.json(reply.review());
    };
    ObjectNode out = urlConverter().convert(List.of(cronTab(V1, "a")), V2).get(0);

    ObjectNode expectedMeta = (ObjectNode) cronTab(V1, "a").path("metadata").deepCopy();
    expectedMeta.putObject("labels").put("from", "v1").put("to", "v2");
    expectedMeta.putObject("annotations").put("from", V1);
    assertThat(out.path("metadata")).isEqualTo(expectedMeta);
  }

  @Test
  void labelsTheWebhookDropsAreDropped() {
    behaviour = reply -> {
      ((ObjectNode) reply.review().path("response").path("convertedObjects").get(0).path("metadata"))
          .remove("labels");
      return Reply.json(reply.review());
    };
    ObjectNode out = urlConverter().convert(List.of(cronTab(V1, "a")), V2).get(0);
    assertThat(out.path("metadata").has("labels")).isFalse();
    assertThat(out.path("metadata").path("resourceVersion").asString()).isEqualTo("7");
  }

  @Test
  void aServiceIsReachedWhereTheResolverSaysAndMustPresentItsServiceName() {
    int port = server.getAddress().getPort();
    List<String> asked = new ArrayList<>();
    ServiceResolver resolver = (namespace, name, p, path) -> {
      asked.add(namespace + "/" + name + ":" + p + path);
      return URI.create("https://127.0.0.1:" + port + path);
    };
    String config = """
        {"service":{"namespace":"ns","name":"conv","path":"/convert","port":8443},"caBundle":"%s"}"""
        .formatted(caBundle(pki.caPem()));
    CrdConverter converter = CrdConverter.of(webhookSpec(config, "[\"v1\"]"), resolver);

    assertThat(converter.convert(List.of(cronTab(V1, "a")), V2).get(0).path("apiVersion").asString()).isEqualTo(V2);
    assertThat(asked).containsExactly("ns/conv:8443/convert");

    String other = config.replace("\"conv\"", "\"other\"");
    CrdConverter wrongName = CrdConverter.of(webhookSpec(other, "[\"v1\"]"), resolver);
    assertFailsWith(wrongName, cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab failed: "
        + "Post \"https://other.ns.svc:8443/convert?timeout=30s\": tls: failed to verify certificate: "
        + "x509: certificate is valid for localhost, conv.ns.svc, not other.ns.svc");
  }

  @Test
  void aV1beta1OnlyWebhookGetsV1beta1ReviewsAndItsUidIsNotChecked() {
    behaviour = reply -> {
      ObjectNode review = (ObjectNode) reply.review();
      ((ObjectNode) review.path("response")).put("uid", "whatever");
      return Reply.json(review);
    };
    String config = """
        {"url":"%s","caBundle":"%s"}""".formatted(url(), caBundle(pki.caPem()));
    CrdConverter converter = CrdConverter.of(webhookSpec(config, "[\"v1beta2\",\"v1beta1\"]"), null);
    assertThat(converter.convert(List.of(cronTab(V1, "a")), V2)).hasSize(1);
    assertThat(lastRequest.review().path("apiVersion").asString()).isEqualTo("apiextensions.k8s.io/v1beta1");
  }

  // ---- Webhook: failures ----

  @Test
  void webhookDown() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String config = """
        {"url":"https://127.0.0.1:%d/convert","caBundle":"%s"}""".formatted(port, caBundle(pki.caPem()));
    CrdConverter converter = CrdConverter.of(webhookSpec(config, "[\"v1\"]"), null);
    assertFailsWith(converter, cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab failed: "
        + "Post \"https://127.0.0.1:" + port + "/convert?timeout=30s\": dial tcp 127.0.0.1:" + port
        + ": connect: connection refused");
  }

  @Test
  void aCaBundleThatDidNotSignTheWebhookCertificate() throws Exception {
    ClusterPki stranger = ClusterPki.loadOrCreate(dir.resolve("stranger"), List.of("localhost"), Clock.systemUTC());
    String config = """
        {"url":"%s","caBundle":"%s"}""".formatted(url(), caBundle(stranger.caPem()));
    CrdConverter converter = CrdConverter.of(webhookSpec(config, "[\"v1\"]"), null);
    // Both CAs are called capstan-ca, so Go explains which candidate it tried.
    assertFailsWith(converter, cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab failed: "
        + "Post \"" + url() + "?timeout=30s\": tls: failed to verify certificate: x509: certificate signed by unknown "
        + "authority (possibly because of \"x509: ECDSA verification failure\" while trying to verify candidate "
        + "authority certificate \"capstan-ca\")");
    assertThat(calls.get()).isZero();
  }

  @Test
  void aCaBundleWithoutCertificatesFailsTheConverter() {
    String config = """
        {"url":"%s","caBundle":"%s"}""".formatted(url(), caBundle("  \n"));
    assertThatThrownBy(() -> CrdConverter.of(webhookSpec(config, "[\"v1\"]"), null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(500);
          assertThat(e.reason()).isEqualTo("InternalError");
          assertThat(e.getMessage())
              .isEqualTo("Internal error occurred: unable to load root certificates: unable to parse bytes as PEM block");
        });
  }

  @Test
  void aFailureResultCarriesTheWebhooksMessage() {
    behaviour = reply -> {
      ObjectNode response = (ObjectNode) reply.review().path("response");
      response.putArray("convertedObjects");
      response.putObject("result").put("status", "Failure").put("message", "custom webhook conversion error");
      return Reply.json(reply.review());
    };
    assertFailsWith(urlConverter(), cronTab(V1, "a"),
        "conversion webhook for stable.example.com/v1, Kind=CronTab failed: custom webhook conversion error");

    behaviour = reply -> {
      ((ObjectNode) reply.review().path("response")).putObject("result").put("status", "Failure");
      return Reply.json(reply.review());
    };
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "failed: response.result.status was 'Failure', not 'Success'");
  }

  @Test
  void aResponseForAnotherRequestIsRefused() {
    behaviour = reply -> {
      ((ObjectNode) reply.review().path("response")).put("uid", "not-the-request");
      return Reply.json(reply.review());
    };
    ApiException e = failure(() -> urlConverter().convert(List.of(cronTab(V1, "a")), V2));
    String uid = lastRequest.review().path("request").path("uid").asString();
    assertThat(e.getMessage()).isEqualTo("conversion webhook for stable.example.com/v1, Kind=CronTab failed: "
        + "expected response.uid=\"" + uid + "\", got \"not-the-request\"");
  }

  @Test
  void theWrongNumberOfObjects() {
    // upstream's emptyV1ResponseConverter
    behaviour = reply -> {
      ((ObjectNode) reply.review().path("response")).putArray("convertedObjects");
      return Reply.json(reply.review());
    };
    assertFailsWith(urlConverter(), cronTab(V1, "a"),
        "conversion webhook for stable.example.com/v1, Kind=CronTab returned 0 objects, expected 1");
  }

  @Test
  void nonSuccessStatusCodes() {
    // upstream's unhandled webhook answers 422 in plain text
    behaviour = reply -> Reply.text(422, "Cannot handle v1 ConversionReview");
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "failed: the server rejected our request due to an error in our request");

    behaviour = reply -> Reply.text(500, "boom\n");
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "failed: an error on the server (\"boom\") has prevented the request from succeeding");

    behaviour = reply -> new Reply(503, "application/json",
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"draining\",\"code\":503}"
            .getBytes(StandardCharsets.UTF_8), null);
    assertFailsWith(urlConverter(), cronTab(V1, "a"),
        "conversion webhook for stable.example.com/v1, Kind=CronTab failed: draining");

    behaviour = reply -> new Reply(200, "application/json", new byte[0], null);
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "failed: 0-length response with status code: 200 and content type: application/json");
  }

  @Test
  void aV1AnswerMustSayItIsAV1ConversionReview() {
    behaviour = reply -> {
      ((ObjectNode) reply.review()).remove("apiVersion");
      return Reply.json(reply.review());
    };
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "failed: expected webhook response of apiextensions.k8s.io/v1, Kind=ConversionReview, got /, Kind=ConversionReview");

    behaviour = reply -> {
      ((ObjectNode) reply.review()).put("apiVersion", "apiextensions.k8s.io/v1beta1");
      return Reply.json(reply.review());
    };
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "failed: converting (v1beta1.ConversionReview) to (v1.ConversionReview): unknown conversion");
  }

  @Test
  void theIdentityOfAnObjectMayNotChange() {
    // upstream's uidMutatingConverter
    behaviour = reply -> {
      ((ObjectNode) reply.review().path("response").path("convertedObjects").get(0).path("metadata"))
          .put("uid", "other");
      return Reply.json(reply.review());
    };
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "returned invalid object: must have the same UID: uid-a != other");
  }

  @Test
  void theConvertedObjectMustBeAtTheDesiredVersionAndKind() {
    behaviour = reply -> {
      ((ObjectNode) reply.review().path("response").path("convertedObjects").get(0)).put("apiVersion", V1);
      return Reply.json(reply.review());
    };
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "returned invalid object at index 0: invalid groupVersion (expected stable.example.com/v2, received "
        + "stable.example.com/v1)");

    behaviour = reply -> {
      for (JsonNode o : reply.review().path("response").path("convertedObjects")) {
        ((ObjectNode) o).put("kind", "Other");
      }
      return Reply.json(reply.review());
    };
    // In a list, upstream reports the position after the item it checked.
    ApiException e = failure(() -> urlConverter().convert(List.of(cronTab(V1, "a"), cronTab(V1, "b")), V2));
    assertThat(e.getMessage()).isEqualTo("conversion webhook for stable.example.com/v2, Kind=CronTabList returned "
        + "invalid converted object at index 1: invalid kind (expected CronTab, received Other)");
  }

  @Test
  void labelsTheWebhookSetsMustBeValid() {
    behaviour = reply -> {
      ((ObjectNode) reply.review().path("response").path("convertedObjects").get(0).path("metadata"))
          .putObject("labels").put("bad key", "v");
      return Reply.json(reply.review());
    };
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "returned invalid metadata: metadata.labels: Invalid value: \"bad key\": name part must consist of "
        + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
        + "'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");

    behaviour = reply -> {
      ((ObjectNode) reply.review().path("response").path("convertedObjects").get(0).path("metadata"))
          .putObject("annotations").put("n", 1);
      return Reply.json(reply.review());
    };
    assertFailsWith(urlConverter(), cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "returned invalid metadata: metadata.annotations[n] must be a string, but is int64 in converted object");
  }

  @Test
  void aSlowWebhookTimesOut() {
    behaviour = reply -> {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return reply;
    };
    CrdConverter converter = urlConverter(new WebhookClient.Settings(Duration.ofMillis(300), Clock.systemUTC()));
    long start = System.nanoTime();
    assertFailsWith(converter, cronTab(V1, "a"), "conversion webhook for stable.example.com/v1, Kind=CronTab "
        + "failed: Post \"" + url() + "?timeout=300ms\": context deadline exceeded");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }
}
