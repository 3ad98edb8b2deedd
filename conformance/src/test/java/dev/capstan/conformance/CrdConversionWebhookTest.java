package dev.capstan.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CRD served in two versions whose conversion is a webhook: a plain JDK HTTPS server in this test, trusted through
 * the CRD's caBundle, turning v1's {@code spec.cronSpec} into v2's {@code spec.schedule} and back.
 */
class CrdConversionWebhookTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String GROUP = "conv.example.com";

  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  private KubernetesClient client;
  private HttpsServer webhook;
  private final AtomicInteger reviews = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    client = SERVER.process().fabric8Client();
  }

  @AfterEach
  void stop() {
    client.close();
    if (webhook != null) {
      webhook.stop(0);
    }
  }

  @Test
  void objectsAreServedInEitherVersionThroughTheWebhook() throws Exception {
    String caPem = startWebhook();
    String url = "https://127.0.0.1:" + webhook.getAddress().getPort() + "/convert";
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
        .load(new java.io.ByteArrayInputStream(crd(url, caPem).getBytes(StandardCharsets.UTF_8))).item();
    client.resource(crd).create();
    client.apiextensions().v1().customResourceDefinitions().withName("crontabs." + GROUP)
        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
            .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")), 30, TimeUnit.SECONDS);
    String ns = "conversion";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();

    client.genericKubernetesResources(GROUP + "/v1", "CronTab").inNamespace(ns)
        .resource(cronTab("v1", "old", Map.of("cronSpec", "*/5 * * * *"))).create();
    GenericKubernetesResource asV2 = client.genericKubernetesResources(GROUP + "/v2", "CronTab").inNamespace(ns)
        .withName("old").get();
    assertThat(asV2.getApiVersion()).isEqualTo(GROUP + "/v2");
    assertThat(spec(asV2)).isEqualTo(Map.of("schedule", "*/5 * * * *"));

    client.genericKubernetesResources(GROUP + "/v2", "CronTab").inNamespace(ns)
        .resource(cronTab("v2", "new", Map.of("schedule", "0 1 * * *"))).create();
    GenericKubernetesResource asV1 = client.genericKubernetesResources(GROUP + "/v1", "CronTab").inNamespace(ns)
        .withName("new").get();
    assertThat(spec(asV1)).isEqualTo(Map.of("cronSpec", "0 1 * * *"));
    assertThat(client.genericKubernetesResources(GROUP + "/v2", "CronTab").inNamespace(ns).list().getItems())
        .extracting(r -> spec(r).get("schedule")).containsExactlyInAnyOrder("*/5 * * * *", "0 1 * * *");
    assertThat(reviews.get()).as("ConversionReviews the webhook answered").isPositive();

    // Reading the stored version needs no webhook; any other version does, and its failure is the client's 500.
    webhook.stop(0);
    webhook = null;
    assertThat(spec(client.genericKubernetesResources(GROUP + "/v1", "CronTab").inNamespace(ns).withName("old")
        .get())).isEqualTo(Map.of("cronSpec", "*/5 * * * *"));
    assertThatThrownBy(() -> client.genericKubernetesResources(GROUP + "/v2", "CronTab").inNamespace(ns)
        .withName("old").get())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(500);
          assertThat(e.getStatus().getMessage())
              .startsWith("conversion webhook for " + GROUP + "/v1, Kind=CronTab failed: Post \"" + url
                  + "?timeout=30s\": ")
              .contains("connection refused");
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  private static GenericKubernetesResource cronTab(String version, String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder().withApiVersion(GROUP + "/" + version).withKind("CronTab")
        .withNewMetadata().withName(name).endMetadata().addToAdditionalProperties("spec", spec).build();
  }

  private static String crd(String url, String caPem) {
    String caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: crontabs.%1$s}
        spec:
          group: %1$s
          scope: Namespaced
          names: {plural: crontabs, singular: crontab, kind: CronTab}
          conversion:
            strategy: Webhook
            webhook:
              conversionReviewVersions: [v1]
              clientConfig: {url: "%2$s", caBundle: %3$s}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, properties: {cronSpec: {type: string}}}
          - name: v2
            served: true
            storage: false
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, properties: {schedule: {type: string}}}
        """.formatted(GROUP, url, caBundle);
  }

  /** Starts the webhook on loopback with a fresh CA; returns the CA's PEM for the CRD's caBundle. */
  private String startWebhook() throws Exception {
    KeyPair caKey = newKey();
    X500Name caName = new X500Name("CN=conversion-test-ca");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
        Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), caName, caKey.getPublic());
    ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate caCert = new JcaX509CertificateConverter()
        .getCertificate(ca.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    KeyPair key = newKey();
    JcaX509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
        Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=webhook"),
        key.getPublic());
    leaf.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    X509Certificate cert = new JcaX509CertificateConverter()
        .getCertificate(leaf.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));

    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("webhook", key.getPrivate(), new char[0], new X509Certificate[] {cert, caCert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    webhook = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    webhook.setHttpsConfigurator(new HttpsConfigurator(ssl));
    webhook.createContext("/convert", exchange -> {
      JsonNode review = JSON.readTree(exchange.getRequestBody());
      byte[] answer = JSON.writeValueAsBytes(convert(review));
      reviews.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    webhook.start();
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
      w.writeObject(caCert);
    }
    return pem.toString();
  }

  /** The webhook's whole job: rename one field according to the desired version. */
  private static ObjectNode convert(JsonNode review) {
    JsonNode request = review.path("request");
    String desired = request.path("desiredAPIVersion").asString();
    ObjectNode out = JSON.createObjectNode().put("apiVersion", "apiextensions.k8s.io/v1")
        .put("kind", "ConversionReview");
    ObjectNode response = out.putObject("response").put("uid", request.path("uid").asString());
    ArrayNode converted = response.putArray("convertedObjects");
    for (JsonNode o : request.path("objects")) {
      ObjectNode copy = (ObjectNode) o.deepCopy();
      ObjectNode spec = (ObjectNode) copy.path("spec");
      if (desired.endsWith("/v2") && spec.has("cronSpec")) {
        spec.set("schedule", spec.remove("cronSpec"));
      } else if (desired.endsWith("/v1") && spec.has("schedule")) {
        spec.set("cronSpec", spec.remove("schedule"));
      }
      copy.put("apiVersion", desired);
      converted.add(copy);
    }
    response.putObject("result").put("status", "Success");
    return out;
  }

  private static KeyPair newKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
